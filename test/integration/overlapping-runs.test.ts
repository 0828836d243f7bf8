import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeeds } from '../../functions/lib/feeds/build.js';
import { createS3Lock } from '../../functions/lib/locks/s3.js';
import { loadArticles, publishFeeds, type RunSummary } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import type { ContentSource } from '../../functions/lib/sources/source.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { articleText, testConfig } from '../support/fixtures.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

/** Runs at the same moment against the real server: conditional writes on the run-state object decide. */
let proxy: S3Proxy;
const now = () => new Date('2026-01-01T00:00:00Z');
const config = testConfig();
const LOCK = 'feeds/.feedwright/run-state.json';

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

  it('take over a lease whose run died, once it has expired', async () => {
    const bucket = await freshBucket(testS3Client(), 'overlap');
    const client = testS3Client();
    let now = new Date('2026-01-01T00:00:00Z');
    const lock = createS3Lock({ client, bucket, key: LOCK, ttlMs: 60_000, clock: () => now });
    const dead = await lock.begin('dead');
    if (!('session' in dead)) throw new Error('the first run should begin');
    expect(await dead.session.claim()).toEqual({ claimed: true });
    // It never ends. A minute later another run is refused; after the TTL, it takes over.
    now = new Date('2026-01-01T00:00:30Z');
    expect(await lock.begin('too-soon')).toMatchObject({
      busy: { runId: 'dead' },
    });
    now = new Date('2026-01-01T00:01:01Z');
    const later = await lock.begin('later');
    if (!('session' in later)) throw new Error('the later run should begin');
    expect(await later.session.claim()).toEqual({ claimed: true });
    await later.session.end();
  });
});
