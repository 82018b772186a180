import type { Logger } from '../../../platform/logging/logger.js';

export interface BackgroundJob {
  stop(): Promise<void>;
}

/** Runs `run` every `intervalMs` until stopped, never two runs at once; a failed run is logged and the next one comes as usual. */
export function startPeriodicJob(options: { name: string; intervalMs: number; logger: Logger; run: () => Promise<void> }): BackgroundJob {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = options
      .run()
      .catch((error: unknown) => options.logger.error({ err: error }, `${options.name} failed`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs).unref();
      });
  };
  timer = setTimeout(tick, options.intervalMs).unref();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
