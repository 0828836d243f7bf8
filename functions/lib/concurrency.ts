/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in
 * the items' order. A pool, not batches: a slow item does not hold back the
 * next ones (a batch waits for its slowest member).
 *
 * @example await mapConcurrently(entries, 32, (entry) => source.read(entry))
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
