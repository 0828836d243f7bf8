import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsLock } from '../../functions/lib/locks/fs.js';
import { createMemoryLock, type RunLock } from '../../functions/lib/locks/lock.js';
import { createS3Lock } from '../../functions/lib/locks/s3.js';
import { freshBucket, testS3Client } from '../support/s3.js';

const TTL = 60_000;
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** The locks' own clock, moved by the tests. */
let clockNow = t0;
const clock = () => clockNow;

const adapters: Array<{ name: string; fresh(): Promise<RunLock> }> = [
  { name: 'memory', fresh: async () => createMemoryLock({ ttlMs: TTL, clock }) },
  {
    name: 'filesystem',
    fresh: async () =>
      createFsLock({
        file: path.join(await mkdtemp(path.join(tmpdir(), 'fw-lock-')), 'run.lock'),
        ttlMs: TTL,
        clock,
      }),
  },
  {
    name: 's3 (Ceph RGW)',
    fresh: async () => {
      const client = testS3Client();
      return createS3Lock({
        client,
        bucket: await freshBucket(client, 'lock'),
        key: 'feeds/.feedwright/run-state.json',
        ttlMs: TTL,
        clock,
      });
    },
  },
];

async function claimed(lock: RunLock, runId: string, now: Date) {
  clockNow = now;
  const begun = await lock.begin(runId);
  if (!('session' in begun)) throw new Error(`${runId} found the lock busy`);
  expect(await begun.session.claim()).toEqual({ claimed: true });
  return begun.session;
}

describe.each(adapters)('RunLock contract: $name', (adapter) => {
  it('keeps a second run out while the first holds the lease', async () => {
    const lock = await adapter.fresh();
    await claimed(lock, 'first', t0);
    clockNow = at(1_000);
    expect(await lock.begin('second')).toEqual({
      busy: expect.objectContaining({ runId: 'first' }),
    });
  });

  it('lets the next run in once the first has ended', async () => {
    const lock = await adapter.fresh();
    const first = await claimed(lock, 'first', t0);
    await first.end();
    const next = await claimed(lock, 'next', at(1_000));
    await next.end();
  });

  it('lets a run take over a lease that expired (its run died)', async () => {
    const lock = await adapter.fresh();
    await claimed(lock, 'dead', t0);
    clockNow = at(TTL - 1);
    expect('busy' in (await lock.begin('early'))).toBe(true);
    await claimed(lock, 'later', at(TTL + 1));
  });
});
