import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildFeeds } from '../../functions/lib/feeds/render-kit.js';
import { CLOCK_SKEW_MS, parseRunState } from '../../functions/lib/locks/lock.js';
import { createS3Lock } from '../../functions/lib/locks/s3.js';
import { loadArticles, publishFeeds, type RunSummary } from '../../functions/lib/pipeline.js';
import { createS3Client } from '../../functions/lib/s3-client.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import type { ContentSource } from '../../functions/lib/sources/source.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { articleText, testConfig } from '../support/fixtures.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { RUN_STATE, type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

/** Runs at the same moment against the real server: conditional writes on the run-state object decide. */
let proxy: S3Proxy;
const now = () => new Date('2026-01-01T00:00:00Z');
const config = testConfig();
/** The run state's default place: beside the feeds prefix, never below it (readers could fetch it). */
const LOCK = '.feedwright/feeds/run-state.json';

const collection = (label: string, count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `a${i}.md`,
      articleText({
        title: `${label} ${i}`,
        date: `2025-04-${String(i + 1).padStart(2, '0')}`,
        categories: [`C${i % 3}`],
      }),
    ]),
  );

beforeAll(async () => {
  proxy = await startS3Proxy(s3Server().endpoint);
});
beforeEach(() => {
  proxy.reset();
  // Feed writes take a while, so runs really overlap.
  proxy.fault = (r) =>
    r.method === 'PUT' && !r.path.includes('/.feedwright/') ? { kind: 'delay', ms: 40 } : undefined;
});
afterAll(() => proxy.close());

function run(bucket: string, source: ContentSource, runId: string): Promise<RunSummary> {
  const client = testS3Client(proxy.url);
  return publishFeeds(
    {
      source,
      target: createS3Target({ client, bucket, prefix: 'feeds/' }),
      lock: createS3Lock({ client, bucket, key: LOCK }),
      now,
      runId,
    },
    config,
  );
}

async function published(bucket: string, files: Iterable<string>): Promise<Map<string, string>> {
  const client = testS3Client();
  const out = new Map<string, string>();
  for (const path of files) {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `feeds/${path}` }));
    out.set(path, (await object.Body?.transformToString('utf-8')) ?? '');
  }
  return out;
}

async function singleRunOutput(files: Record<string, string>): Promise<Map<string, string>> {
  const { articles, bodies: byKey } = await loadArticles(createMemorySource(files), config);
  const bodies = new Map(articles.map((a) => [a.id, byKey.get(a.key) ?? '']));
  return new Map(buildFeeds(articles, config, { now: now() }, bodies).files.map((f) => [f.path, f.body]));
}

describe('two runs at once', () => {
  it('end in the state one run would give: one publishes, the other changes nothing', async () => {
    const bucket = await freshBucket(testS3Client(), 'overlap');
    const [a, b] = await Promise.all([
      run(bucket, createMemorySource(collection('first', 12)), 'run-a'),
      run(bucket, createMemorySource(collection('second', 9)), 'run-b'),
    ]);
    const winners = [a, b].filter((s) => s.busy === undefined);
    const losers = [a, b].filter((s) => s.busy !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.files.written).toEqual([]);
    const winnerFiles = winners[0] === a ? collection('first', 12) : collection('second', 9);
    const expected = await singleRunOutput(winnerFiles);
    expect(winners[0]?.files.written.sort()).toEqual([...expected.keys()].sort());
    expect(await published(bucket, expected.keys())).toEqual(expected);
  });

  it('of eight at once, exactly one claims the run', async () => {
    const bucket = await freshBucket(testS3Client(), 'overlap');
    const files = collection('same', 5);
    const summaries = await Promise.all(
      Array.from({ length: 8 }, (_, i) => run(bucket, createMemorySource(files), `run-${i}`)),
    );
    expect(summaries.filter((s) => s.busy === undefined && s.files.written.length > 0)).toHaveLength(1);
    expect(await published(bucket, (await singleRunOutput(files)).keys())).toEqual(
      await singleRunOutput(files),
    );
  });

  it('never let a run that began earlier overwrite what a later run published', async () => {
    const bucket = await freshBucket(testS3Client(), 'overlap');
    let releaseOlder: () => void = () => {};
    const olderMayRead = new Promise<void>((resolve) => {
      releaseOlder = resolve;
    });
    let olderBegan: () => void = () => {};
    const olderHasBegun = new Promise<void>((resolve) => {
      olderBegan = resolve;
    });
    const olderContent = createMemorySource(collection('older', 6));
    // The older run begins (reads the run state; a run lists its source only after that), then stalls.
    const stalled: ContentSource = {
      list: async () => {
        olderBegan();
        await olderMayRead;
        return olderContent.list();
      },
      read: (entry) => olderContent.read(entry),
    };
    const older = run(bucket, stalled, 'older');
    await olderHasBegun;
    const newer = await run(bucket, createMemorySource(collection('newer', 6)), 'newer');
    releaseOlder();
    const olderSummary = await older;
    expect(newer.busy).toBeUndefined();
    expect(olderSummary.busy?.runId).toBe('newer');
    expect(olderSummary.files.written).toEqual([]);
    const expected = await singleRunOutput(collection('newer', 6));
    expect(await published(bucket, expected.keys())).toEqual(expected);
  });

  it('take over a lease whose run died once it has expired (allowing for clock skew), and say so', async () => {
    const bucket = await freshBucket(testS3Client(), 'overlap');
    const client = testS3Client();
    let now = new Date('2026-01-01T00:00:00Z');
    const lock = createS3Lock({ client, bucket, key: LOCK, ttlMs: 60_000, clock: () => now });
    const dead = await lock.begin('dead');
    if (!('session' in dead)) throw new Error('the first run should begin');
    expect(await dead.session.claim()).toEqual({ claimed: true });
    // It never ends. Until its lease has expired by any clock within the skew, another run is refused.
    now = new Date(Date.parse('2026-01-01T00:01:00Z') + CLOCK_SKEW_MS - 1);
    expect(await lock.begin('too-soon')).toMatchObject({
      busy: { runId: 'dead' },
    });
    now = new Date(Date.parse('2026-01-01T00:01:00Z') + CLOCK_SKEW_MS + 1);
    const later = await lock.begin('later');
    if (!('session' in later)) throw new Error('the later run should begin');
    expect(later.session.tookOverFrom).toMatchObject({ runId: 'dead' });
    expect(await later.session.claim()).toEqual({ claimed: true });
    await later.session.end();
  });
});

describe('a lock write whose response is lost (the server did it; the SDK sends it again and gets 412)', () => {
  /** The product's own client, retries on, through the proxy. */
  function retryingClient() {
    const server = s3Server();
    process.env.AWS_ACCESS_KEY_ID = server.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = server.secretAccessKey;
    return createS3Client({
      region: server.region,
      endpoint: proxy.url,
      forcePathStyle: true,
      maxAttempts: 3,
      requestTimeoutMs: 2_000,
    });
  }

  /** Swallows the answer to the first run-state PUT the server accepts. */
  function loseFirstAcceptedLockWrite() {
    proxy.fault = (r) =>
      r.method === 'PUT' && RUN_STATE.test(r.path) && !proxy.requests.some((x) => x.dropped)
        ? { kind: 'drop-response', status: 200 }
        : undefined;
  }

  async function storedState(bucket: string) {
    const object = await testS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: LOCK }));
    return parseRunState((await object.Body?.transformToString('utf-8')) ?? '');
  }

  it('still claims: the 412 answers our own claim, and the run is not reported busy', async () => {
    const bucket = await freshBucket(testS3Client(), 'lost');
    const lock = createS3Lock({ client: retryingClient(), bucket, key: LOCK });
    const begun = await lock.begin('lost-claim');
    if (!('session' in begun)) throw new Error('the run should begin');
    loseFirstAcceptedLockWrite();
    expect(await begun.session.claim()).toEqual({ claimed: true });
    expect(proxy.requests.filter((r) => r.dropped)).toHaveLength(1);
    expect(proxy.requests.filter((r) => RUN_STATE.test(r.path) && r.status === 412).length).toBeGreaterThan(
      0,
    );
    proxy.fault = undefined;
    expect(await lock.begin('other')).toMatchObject({ busy: { runId: 'lost-claim' } });

    await begun.session.end({ version: 'new' });
    expect(await storedState(bucket)).toEqual({
      last: expect.objectContaining({ runId: 'lost-claim' }),
      manifest: { version: 'new' },
    });
  });

  it('gives the lease back without throwing when the release loses its response', async () => {
    const bucket = await freshBucket(testS3Client(), 'lost');
    const lock = createS3Lock({ client: retryingClient(), bucket, key: LOCK });
    const begun = await lock.begin('lost-release');
    if (!('session' in begun)) throw new Error('the run should begin');
    expect(await begun.session.claim()).toEqual({ claimed: true });
    loseFirstAcceptedLockWrite();
    await expect(begun.session.end({ version: 'new' })).resolves.toBe(true);
    expect(proxy.requests.filter((r) => r.dropped)).toHaveLength(1);
    proxy.fault = undefined;
    expect((await storedState(bucket)).holder).toBeUndefined();
    const next = await lock.begin('next');
    expect(next).toEqual({ session: expect.objectContaining({ manifest: { version: 'new' } }) });
    if ('session' in next) expect(next.session.tookOverFrom).toBeUndefined();
  });
});
