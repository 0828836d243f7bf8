import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeeds } from '../../functions/lib/feeds/render-kit.js';
import { loadArticles, publishFeeds } from '../../functions/lib/pipeline.js';
import { createS3Client } from '../../functions/lib/s3-client.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { articleText, testConfig } from '../support/fixtures.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { type Fault, type ProxiedRequest, type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

/**
 * Faults between the product's own S3 client and the real server: a proxy of
 * ours on 127.0.0.1 answers 503 SlowDown or 500, resets connections, or
 * stalls, then lets requests through.
 */
let proxy: S3Proxy;
const now = () => new Date('2026-01-01T00:00:00Z');
const config = testConfig('feeds: { tags: { enabled: false }, authors: { enabled: false } }');

const version = (label: string) =>
  Object.fromEntries(
    ['Politics', 'Culture', 'Science'].map((category, i) => [
      `${category.toLowerCase()}.md`,
      articleText({ title: `${category} ${label}`, date: `2025-04-1${i}`, categories: [category] }),
    ]),
  );

beforeAll(async () => {
  proxy = await startS3Proxy(s3Server().endpoint);
});
afterAll(() => proxy.close());

async function publishThroughProxy(
  bucket: string,
  files: Record<string, string>,
  options: { maxAttempts?: number } = {},
) {
  const server = s3Server();
  process.env.AWS_ACCESS_KEY_ID = server.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = server.secretAccessKey;
  const client = createS3Client({
    region: server.region,
    endpoint: proxy.url,
    forcePathStyle: true,
    maxAttempts: options.maxAttempts ?? 5,
    requestTimeoutMs: 1_000,
  });
  return publishFeeds(
    { source: createMemorySource(files), target: createS3Target({ client, bucket, prefix: 'feeds/' }), now },
    config,
  );
}

async function expectedBodies(files: Record<string, string>): Promise<Map<string, string>> {
  const { articles, bodies: byKey } = await loadArticles(createMemorySource(files), config);
  const bodies = new Map(articles.map((a) => [a.id, byKey.get(a.key) ?? '']));
  return new Map(buildFeeds(articles, config, { now: now() }, bodies).files.map((f) => [f.path, f.body]));
}

async function publishedBody(bucket: string, path: string): Promise<string> {
  const object = await testS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: `feeds/${path}` }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}

/** Injects `fault` into the first `times` requests that `matches`, counting them. */
function injectFirst(times: number, matches: (r: ProxiedRequest) => boolean, fault: Fault) {
  const injected = { count: 0 };
  proxy.fault = (r) => {
    if (!matches(r) || injected.count >= times) return undefined;
    injected.count += 1;
    return fault;
  };
  return injected;
}

const isFeedPut = (r: ProxiedRequest) => r.method === 'PUT' && !r.path.includes('/.feedwright/');

describe('S3 faults, retried with backoff and jitter', () => {
  it.each([
    ['503 SlowDown (throttling)', { kind: 'status', status: 503, code: 'SlowDown' } as Fault],
    ['500 InternalError', { kind: 'status', status: 500, code: 'InternalError' } as Fault],
    ['connection reset', { kind: 'reset' } as Fault],
    ['a response slower than the request timeout', { kind: 'delay', ms: 2_500 } as Fault],
  ])(
    'survives %s on the first writes and publishes every feed',
    async (_name, fault) => {
      const bucket = await freshBucket(testS3Client(), 'faults');
      const injected = injectFirst(4, isFeedPut, fault);
      const summary = await publishThroughProxy(bucket, version('v1'));
      proxy.fault = undefined;
      expect(injected.count).toBe(4);
      expect(summary.ok).toBe(true);
      expect(summary.files.failed).toEqual([]);
      for (const [path, body] of await expectedBodies(version('v1')))
        expect(await publishedBody(bucket, path), path).toBe(body);
    },
    60_000,
  );

  it('when writes keep failing: reports which objects were updated, leaves each old or new and whole, and the next run completes the rest', async () => {
    const bucket = await freshBucket(testS3Client(), 'faults');
    expect((await publishThroughProxy(bucket, version('v1'))).ok).toBe(true);
    const oldBodies = await expectedBodies(version('v1'));
    const newBodies = await expectedBodies(version('v2'));

    // Every write below categories/culture/ fails, every time.
    proxy.fault = (r) =>
      isFeedPut(r) && r.path.includes('/categories/culture/')
        ? { kind: 'status', status: 500, code: 'InternalError' }
        : undefined;
    const failing = await publishThroughProxy(bucket, version('v2'), { maxAttempts: 2 });
    proxy.fault = undefined;
    expect(failing.ok).toBe(false);
    expect(failing.files.failed.map((f) => f.path).sort()).toEqual([
      'categories/culture/atom.xml',
      'categories/culture/feed.json',
      'categories/culture/rss.xml',
    ]);
    expect(failing.files.failed[0]?.reason).toMatch(
      /^s3:\/\/fw-faults-[^ ]+\/feeds\/categories\/culture\/\S+: cannot write/,
    );
    expect(failing.files.written.length).toBeGreaterThan(0);
    for (const path of newBodies.keys()) {
      const body = await publishedBody(bucket, path);
      const expected = failing.files.written.includes(path) ? newBodies.get(path) : oldBodies.get(path);
      expect(body, `${path} is whole and is the version the report says`).toBe(expected);
    }

    const next = await publishThroughProxy(bucket, version('v2'));
    expect(next.ok).toBe(true);
    expect(next.files.written.sort()).toEqual(failing.files.failed.map((f) => f.path).sort());
    for (const [path, body] of newBodies) expect(await publishedBody(bucket, path), path).toBe(body);
  }, 60_000);
});
