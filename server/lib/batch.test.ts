import { describe, expect, it } from 'vitest';
import { createBatcher } from './batch';

/** A writer that records its batches and answers each item doubled, after `ms`. */
function recorder(ms = 5) {
  const batches: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const write = async (items: number[]) => {
    batches.push(items);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    return items.map((x) => x * 2);
  };
  return { write, batches, maxInFlight: () => maxInFlight };
}

describe('createBatcher', () => {
  it('writes a lone item at once and answers it', async () => {
    const r = recorder();
    const submit = createBatcher(r.write);
    expect(await submit(21)).toBe(42);
    expect(r.batches).toEqual([[21]]);
  });

  it('puts what arrives in one turn, and while a batch is written, into the next batch', async () => {
    const r = recorder();
    const submit = createBatcher(r.write);
    const first = [1, 2, 3].map(submit);
    await new Promise((r) => setTimeout(r, 1));
    const second = [4, 5].map(submit);
    expect(await Promise.all([...first, ...second])).toEqual([2, 4, 6, 8, 10]);
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('keeps batches to `max` items and writes at most `atOnce` batches at a time', async () => {
    const r = recorder();
    const submit = createBatcher(r.write, { max: 3, atOnce: 2 });
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(out).toEqual(Array.from({ length: 10 }, (_, i) => i * 2));
    expect(r.batches.every((b) => b.length <= 3)).toBe(true);
    expect(r.batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(r.maxInFlight()).toBe(2);
  });

  it('rejects every item of a failed batch, and goes on with the next', async () => {
    let calls = 0;
    const submit = createBatcher(async (items: number[]) => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return items;
    });
    const failed = [1, 2].map((x) => submit(x).catch((e: Error) => e.message));
    expect(await Promise.all(failed)).toEqual(['database down', 'database down']);
    expect(await submit(3)).toBe(3);
  });
});
