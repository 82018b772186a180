import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The store staff, head office and customer web app. `npm run build:web`
 * writes web/dist, which the router serves at `/`. `npm run dev:web` proxies
 * /graphql to a running router (VITE_API_ORIGIN, default http://127.0.0.1:4000).
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: { '/graphql': process.env.VITE_API_ORIGIN ?? 'http://127.0.0.1:4000' },
  },
});
