import { describe, expect, it } from 'vitest';
import { coalesceCalls, type Settled } from './call-coalescer.js';

/** A send whose calls the test finishes by hand. */
function controlledSend() {
  const calls: Array<{ keys: number[]; finish: (results: Array<Settled<string>>) => void; fail: (error: unknown) => void }> = [];
  const send = (keys: number[]) =>
    new Promise<Array<Settled<string>>>((finish, fail) => {
      calls.push({ keys, finish, fail });
    });
  return { calls, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('call coalescer', () => {
  it('when calls arrive while one is in flight, then they go out together in the next call and each gets its own answer or error', async () => {
    const { calls, send } = controlledSend();
    const call = coalesceCalls(send);
    const first = call(1);
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([[1]]);

    const waiting = Promise.allSettled([call(2), call(3), call(4)]);
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.finish([{ ok: true, value: 'one' }]);
    expect(await first).toBe('one');
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([[1], [2, 3, 4]]);

    const refused = new Error('refused');
    calls[1]!.finish([{ ok: true, value: 'two' }, { ok: false, error: refused }, { ok: true, value: 'four' }]);
    const settled = await waiting;
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'two' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 'four' },
    ]);
  });

  it('when the call itself fails, then every call of the batch fails with its error, and later calls still go out', async () => {
    const { calls, send } = controlledSend();
    const call = coalesceCalls(send, { maxBatch: 2 });
    const blocker = call(0);
    const batch = Promise.allSettled([call(1), call(2), call(3)]);
    await tick();
    calls[0]!.finish([{ ok: true, value: 'zero' }]);
    await blocker;
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([[0], [1, 2]]);
    const down = new Error('down');
    calls[1]!.fail(down);
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([[0], [1, 2], [3]]);
    calls[2]!.finish([{ ok: true, value: 'three' }]);
    expect(await batch).toEqual([
      { status: 'rejected', reason: down },
      { status: 'rejected', reason: down },
      { status: 'fulfilled', value: 'three' },
    ]);
  });
});
