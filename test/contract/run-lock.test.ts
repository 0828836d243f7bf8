import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createFsLock } from '../../functions/lib/locks/fs.js';
import {
  CLOCK_SKEW_MS,
  createMemoryLock,
  type LockSession,
  type RunLock,
} from '../../functions/lib/locks/lock.js';
import { createS3Lock } from '../../functions/lib/locks/s3.js';
import { freshBucket, testS3Client } from '../support/s3.js';

const TTL = 60_000;
const MINUTE = 60_000;
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** The locks' own clock, moved by the tests. */
let clockNow = t0;
const clock = () => clockNow;

const tempLockFile = async () => path.join(await mkdtemp(path.join(tmpdir(), 'fw-lock-')), 'run.lock');

const adapters: Array<{ name: string; fresh(): Promise<RunLock> }> = [
  { name: 'memory', fresh: async () => createMemoryLock({ ttlMs: TTL, clock }) },
  {
    name: 'filesystem',
    fresh: async () => {
      const file = await tempLockFile();
      return createFsLock({ file, manifestFile: `${file}.manifest.json`, ttlMs: TTL, clock });
    },
  },
  {
    name: 's3 (Ceph RGW)',
    fresh: async () => {
      const client = testS3Client();
      return createS3Lock({
        client,
        bucket: await freshBucket(client, 'lock'),
        key: '.feedwright/feeds/run-state.json',
        ttlMs: TTL,
        clock,
      });
    },
  },
];

async function begun(lock: RunLock, runId: string, now: Date): Promise<LockSession> {
  clockNow = now;
  const result = await lock.begin(runId);
  if (!('session' in result)) throw new Error(`${runId} found the lock busy (held by ${result.busy.runId})`);
  return result.session;
}

async function claimed(lock: RunLock, runId: string, now: Date): Promise<LockSession> {
  const session = await begun(lock, runId, now);
  expect(await session.claim()).toEqual({ claimed: true });
  return session;
}

async function expectBusy(lock: RunLock, runId: string, now: Date, holder: string) {
  clockNow = now;
  expect(await lock.begin(runId)).toEqual({ busy: expect.objectContaining({ runId: holder }) });
}

it('allows for clocks five minutes apart', () => {
  expect(CLOCK_SKEW_MS).toBe(5 * MINUTE);
});

describe.each(adapters)('RunLock contract: $name', (adapter) => {
  it('keeps a second run out while the first holds the lease', async () => {
    const lock = await adapter.fresh();
    await claimed(lock, 'first', t0);
    await expectBusy(lock, 'second', at(1_000), 'first');
  });

  it('lets the next run in once the first has ended, and that is no take-over', async () => {
    const lock = await adapter.fresh();
    const first = await claimed(lock, 'first', t0);
    expect(first.tookOverFrom).toBeUndefined();
    await first.end();
    const next = await claimed(lock, 'next', at(1_000));
    expect(next.tookOverFrom).toBeUndefined();
    await next.end();
  });

  it('holds a lease for CLOCK_SKEW_MS past its expiry, then lets a run take it over (its run died)', async () => {
    const lock = await adapter.fresh();
    await claimed(lock, 'dead', t0);
    await expectBusy(lock, 'early', at(TTL - 1), 'dead');
    await expectBusy(lock, 'within-skew', at(TTL + CLOCK_SKEW_MS - 1), 'dead');
    const later = await claimed(lock, 'later', at(TTL + CLOCK_SKEW_MS + 1));
    await later.end();
  });

  it('names the run whose lease it took over, so the operator hears that a run died holding it', async () => {
    const lock = await adapter.fresh();
    await claimed(lock, 'dead', t0);
    const later = await begun(lock, 'later', at(TTL + CLOCK_SKEW_MS + 1));
    expect(later.tookOverFrom).toEqual(
      expect.objectContaining({
        runId: 'dead',
        startedAt: t0.toISOString(),
        expiresAt: at(TTL).toISOString(),
      }),
    );
    expect(await later.claim()).toEqual({ claimed: true });
    await later.end();
  });

  it('keeps out a run on a machine whose clock is a few minutes ahead of the holder’s', async () => {
    const lock = await adapter.fresh();
    // The holder's clock is 4 minutes slow: by it, its lease ran out 3 minutes ago; it began 30 s ago.
    await claimed(lock, 'slow-clock', at(-4 * MINUTE));
    await expectBusy(lock, 'right-clock', at(30_000), 'slow-clock');
  });

  it('keeps out a run on a machine whose clock is a few minutes behind the holder’s', async () => {
    const lock = await adapter.fresh();
    // The holder's clock is 4 minutes fast: its lease began "in the future", but plausibly so.
    await claimed(lock, 'fast-clock', at(4 * MINUTE));
    await expectBusy(lock, 'right-clock', at(30_000), 'fast-clock');
  });

  it('peeks at the stored state without taking the lease or storing anything', async () => {
    const lock = await adapter.fresh();
    clockNow = t0;
    expect(await lock.peek()).toEqual({});
    const first = await claimed(lock, 'first', t0);
    // While a run holds the lease, a peek names it, as begin would.
    clockNow = at(1_000);
    expect(await lock.peek()).toEqual({ busy: expect.objectContaining({ runId: 'first' }) });
    await first.end({ version: 'the manifest' });
    clockNow = at(2_000);
    expect(await lock.peek()).toEqual({ manifest: { version: 'the manifest' } });
    // Peeking changes nothing: the next run begins on that state, claims, and nobody was in between.
    expect(await lock.peek()).toEqual({ manifest: { version: 'the manifest' } });
    const next = await begun(lock, 'next', at(3_000));
    expect(next.manifest).toEqual({ version: 'the manifest' });
    expect(next.tookOverFrom).toBeUndefined();
    expect(await next.claim()).toEqual({ claimed: true });
    await next.end();
  });

  it('a peek never blocks a run, and a run that begins after a peek claims as usual', async () => {
    const lock = await adapter.fresh();
    clockNow = t0;
    await lock.peek();
    const session = await begun(lock, 'after-peek', at(1_000));
    await lock.peek();
    expect(await session.claim()).toEqual({ claimed: true });
    await session.end();
  });

  it('takes over at once a lease that began far in its future (a wrong clock, or a run replayed --now 2030)', async () => {
    const lock = await adapter.fresh();
    await claimed(lock, 'replayed', new Date('2030-01-01T00:00:00Z'));
    const now = await claimed(lock, 'now', t0);
    expect(now.tookOverFrom).toEqual(
      expect.objectContaining({ runId: 'replayed', startedAt: '2030-01-01T00:00:00.000Z' }),
    );
    await now.end();
  });
});

/** Stores whose saved state can be written by hand: what a crash, another version or a person may leave. */
const stores: Array<{
  name: string;
  fresh(): Promise<{ lock: RunLock; plant(body: string): Promise<void> }>;
}> = [
  {
    name: 'the lock file',
    fresh: async () => {
      const file = await tempLockFile();
      return { lock: createFsLock({ file, ttlMs: TTL, clock }), plant: (body) => writeFile(file, body) };
    },
  },
  {
    name: 'the S3 run-state object',
    fresh: async () => {
      const client = testS3Client();
      const bucket = await freshBucket(client, 'lock');
      const key = '.feedwright/feeds/run-state.json';
      return {
        lock: createS3Lock({ client, bucket, key, ttlMs: TTL, clock }),
        plant: async (body) => {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        },
      };
    },
  },
];

const holderBody = (holder: Record<string, unknown>) => JSON.stringify({ holder });
const aLease = { runId: 'other', startedAt: t0.toISOString(), expiresAt: at(TTL).toISOString() };

describe.each(stores)('saved state is input: $name', (store) => {
  it('a well-formed lease of another run holds (also as older versions wrote it)', async () => {
    const { lock, plant } = await store.fresh();
    await plant(holderBody(aLease));
    await expectBusy(lock, 'mine', at(1_000), 'other');
  });

  it.each([
    ['empty', ''],
    ['not JSON', '{"holder": {"runId": "other", '],
    ['JSON of another shape', '[1, 2, 3]'],
    ['null', 'null'],
    ['a holder of the wrong types', holderBody({ ...aLease, runId: 42 })],
    ['expiresAt: "soon"', holderBody({ ...aLease, expiresAt: 'soon' })],
    ['startedAt: "soon"', holderBody({ ...aLease, startedAt: 'soon' })],
    [
      'an expiresAt that is no date (30 February)',
      holderBody({ ...aLease, expiresAt: '2026-02-30T00:00:00Z' }),
    ],
    ['an expiresAt that is only a year', holderBody({ ...aLease, expiresAt: '9999' })],
  ])('%s means no holder: the lock is free, and no take-over is reported', async (_name, body) => {
    const { lock, plant } = await store.fresh();
    await plant(body);
    const session = await begun(lock, 'mine', at(1_000));
    expect(session.tookOverFrom).toBeUndefined();
    expect(await session.claim()).toEqual({ claimed: true });
    await session.end();
  });

  it('a lease that ends further ahead than ttl + CLOCK_SKEW_MS is implausible: taken over at once', async () => {
    const { lock, plant } = await store.fresh();
    const longLease = {
      ...aLease,
      runId: 'long-lease',
      expiresAt: at(TTL + CLOCK_SKEW_MS + MINUTE).toISOString(),
    };
    await plant(holderBody(longLease));
    const session = await begun(lock, 'mine', t0);
    expect(session.tookOverFrom).toEqual(expect.objectContaining(longLease));
    expect(await session.claim()).toEqual({ claimed: true });
    await session.end();
  });
});
