import { describe, expect, it } from 'vitest';
import { freePort } from './ports.js';

describe('free ports', () => {
  it('when many ports are asked for one after another, each released before the next, then no port is handed out twice', async () => {
    // The kernel picks from about 14,000 ports for a listen on port 0: 500 draws repeat one almost surely.
    const ports: number[] = [];
    for (let i = 0; i < 500; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});
