import type { TestProject } from 'vitest/node';
import { removeComposeStack, startComposeStack } from '../../tools/docker/compose-stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Nginx's /graphql on 127.0.0.1 (graphql-client.ts sends there). */
    routerUrl: string;
    composeStack: { name: string; env: Record<string, string>; overrides: string[]; publicUrl: string; prometheusUrl: string; image: string; baseImage: string; appLayersBytes: number };
  }
}

/**
 * compose.yaml in Docker for test/compose: the engine, the images (official
 * or stand-ins) and the app image built with the real Dockerfile, one
 * project with its own name, ports on 127.0.0.1 and edge subnet; removed
 * with its volumes at the end, also when a test failed.
 */
export default async function setup(project: TestProject) {
  const log = (line: string) => console.info(`[compose] ${line}`);
  const stack = await startComposeStack({
    log,
    // Every request of the tests comes from one address: Nginx's per-client limit would throttle the load tests.
    env: { RATE_LIMIT_RPS: '10000', RATE_LIMIT_BURST: '10000', LOG_LEVEL: 'warn' },
  });
  log(`up: ${stack.publicUrl} (image ${stack.image}, ${(stack.appLayersBytes / 1e6).toFixed(1)} MB over ${stack.baseImage})`);
  project.provide('routerUrl', `${stack.publicUrl}/graphql`);
  project.provide('composeStack', { name: stack.project.name, env: stack.env, overrides: stack.overrides, publicUrl: stack.publicUrl, prometheusUrl: stack.prometheusUrl, image: stack.image, baseImage: stack.baseImage, appLayersBytes: stack.appLayersBytes });
  return async () => {
    await removeComposeStack(stack);
  };
}
