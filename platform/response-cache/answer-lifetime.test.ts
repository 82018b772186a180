import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { answerLifetimeCap, limitAnswerLifetime, withAnswerLifetime } from './answer-lifetime.js';

describe('the lifetime the domain gives the answer being computed', () => {
  it('when several parts of one request cap it, then the shortest cap holds', async () => {
    const cap = await withAnswerLifetime(async () => {
      limitAnswerLifetime(120);
      await sleep(1);
      limitAnswerLifetime(30);
      limitAnswerLifetime(90);
      return answerLifetimeCap();
    });
    expect(cap).toBe(30);
  });

  it('when two requests run at once, then each keeps its own cap', async () => {
    const request = (seconds: number) =>
      withAnswerLifetime(async () => {
        await sleep(5);
        limitAnswerLifetime(seconds);
        await sleep(5);
        return answerLifetimeCap();
      });
    expect(await Promise.all([request(10), request(500)])).toEqual([10, 500]);
  });

  it('when nothing capped it, or the domain runs outside a request, then there is no cap and limiting changes nothing', async () => {
    expect(await withAnswerLifetime(async () => answerLifetimeCap())).toBe(Infinity);
    limitAnswerLifetime(1);
    expect(answerLifetimeCap()).toBe(Infinity);
  });
});
