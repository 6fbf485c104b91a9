/**
 * Group commit for a hot path: `submit(item)` queues the item and resolves with its result once
 * the batch it went into is written. A batch starts as soon as a writer is free, so an idle server
 * writes a lone item at once, and everything submitted while `atOnce` batches are being written
 * goes together into the next one (at most `max` items): under load, one statement and one round
 * trip carry many requests. `write` answers each item of a batch, in order; if it throws, every
 * item of that batch is rejected with the error.
 */
export function createBatcher<I, O>(
  write: (items: I[]) => Promise<O[]>,
  opts: { max?: number; atOnce?: number } = {},
): (item: I) => Promise<O> {
  const max = opts.max ?? 256;
  const atOnce = opts.atOnce ?? 1;
  const queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let running = 0;
  const run = async () => {
    running++;
    while (queue.length) {
      const batch = queue.splice(0, max);
      try {
        const out = await write(batch.map((q) => q.item));
        batch.forEach((q, i) => {
          q.resolve(out[i]);
        });
      } catch (err) {
        for (const q of batch) q.reject(err);
      }
    }
    running--;
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Started after the current turn of the event loop, so the requests read in it join in.
      if (running < atOnce) setImmediate(() => void (running < atOnce && queue.length && run()));
    });
}
