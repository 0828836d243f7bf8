import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../functions/lib/concurrency.js';

describe('mapConcurrently', () => {
  it('keeps the order of the items whatever order the calls finish in', async () => {
    const delays = [30, 5, 20, 1, 10];
    const results = await mapConcurrently(delays, 2, async (ms, i) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return `${i}:${ms}`;
    });
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  });

  it('never has more than `limit` calls in flight, and starts the next as soon as one ends', async () => {
    let inFlight = 0;
    let most = 0;
    const events: string[] = [];
    await mapConcurrently([60, 5, 5, 5], 2, async (ms, i) => {
      events.push(`start ${i}`);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      events.push(`end ${i}`);
    });
    expect(most).toBe(2);
    // Items 2 and 3 ran while item 0 (the slow one) was still going: a pool, not batches of two.
    expect(events.indexOf('end 3')).toBeLessThan(events.indexOf('end 0'));
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapConcurrently([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
  });

  it('handles an empty list', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
