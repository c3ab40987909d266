// Helpers for generated tests (the permission matrix): running many cases over a few
// connections. A connection is given one request at a time: answers to requests pipelined on
// one connection come in steps of about 40 ms (Nagle and delayed ACK), so requests in a row are
// faster than a burst, and parallelism comes from several connections.

/** Calls fn for every item, at most `concurrency` at a time; rejects with the first failure. */
export async function runEach<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.max(1, Math.min(concurrency, items.length)) },
      worker,
    ),
  );
}
