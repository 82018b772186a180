import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { appPaths } from './routes';

/**
 * The store staff, head office and customer web app. `npm run build:web`
 * writes web/dist, which the router serves at `/`. `npm run dev:web` proxies
 * /graphql to a running router (VITE_API_ORIGIN, default http://127.0.0.1:4000).
 */
/**
 * Writes the app's paths into the build (dist/app-routes.json): the router
 * serves index.html at exactly those, reading the file from disk rather than
 * importing the app's sources.
 */
const appRoutesFile: Plugin = {
  name: 'app-routes-file',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'app-routes.json', source: `${JSON.stringify(appPaths)}\n` });
  },
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), appRoutesFile],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: { '/graphql': process.env.VITE_API_ORIGIN ?? 'http://127.0.0.1:4000' },
  },
});
