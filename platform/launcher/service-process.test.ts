import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_OPTIONS, serviceMemoryEnv } from './service-process.js';

describe('service memory settings', () => {
  it('when nothing is set, then services get two malloc arenas, a fixed mmap threshold and the old-space limit', () => {
    expect(serviceMemoryEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', NODE_OPTIONS: SERVICE_NODE_OPTIONS });
  });

  it('when the caller sets NODE_OPTIONS or MALLOC_ARENA_MAX, then theirs win (NODE_OPTIONS: after ours, so a later flag overrides)', () => {
    const env = serviceMemoryEnv({ NODE_OPTIONS: '--max-old-space-size=512 --enable-source-maps', MALLOC_ARENA_MAX: '4' });
    expect(env.NODE_OPTIONS).toBe(`${SERVICE_NODE_OPTIONS} --max-old-space-size=512 --enable-source-maps`);
    expect(env.MALLOC_ARENA_MAX).toBe('4');
  });
});
