import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { createS3Lock } from '../../functions/lib/locks/s3.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createS3Source } from '../../functions/lib/sources/s3.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { generateCollection, generateSiteYaml } from '../../scripts/corpus.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { RUN_STATE, type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

/**
 * Incremental runs against the real server, requests counted by a proxy:
 * content under content/ (site.yml, articles/*.md), feeds under feeds/.
 */
let proxy: S3Proxy;
const COUNT = 60;
const now = () => new Date('2025-06-01T00:00:00Z');
const ARTICLE = /\/content\/articles\//;
const FEED = /^\/[^/]+\/feeds\//;

beforeAll(async () => {
  proxy = await startS3Proxy(s3Server().endpoint);
});
afterAll(() => proxy.close());

async function seed(): Promise<{ bucket: string; names: string[] }> {
  const client = testS3Client();
  const bucket = await freshBucket(client, 'incr');
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'content/site.yml',
      // Fewer items per feed than articles: a changed article touches some feeds, not the whole archive.
      Body: generateSiteYaml({ count: COUNT }).replace(/^item_limit: \d+$/m, 'item_limit: 20'),
    }),
  );
  const articles = generateCollection({ count: COUNT, seed: 11 });
  for (const { name, text } of articles) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `content/articles/${name}`, Body: text }));
  }
  return { bucket, names: articles.map((a) => a.name) };
}

async function run(bucket: string, options: { fullRun?: boolean } = {}) {
  const client = testS3Client(proxy.url);
  const source = createS3Source({ client, bucket, prefix: 'content/' });
  const site = await source.readSite();
  const config = parseSiteConfig(site.text, site.file);
  proxy.reset();
  const summary = await publishFeeds(
    {
      source,
      target: createS3Target({ client, bucket, prefix: 'feeds/' }),
      lock: createS3Lock({ client, bucket, key: '.feedwright/feeds/run-state.json' }),
      now,
      ...options,
    },
    config,
  );
  const requests = {
    list: proxy.count('LIST'),
    articleGets: proxy.count('GET', ARTICLE),
    feedHeads: proxy.count('HEAD', FEED),
    feedPuts: proxy.count('PUT', FEED),
    statePuts: proxy.count('PUT', RUN_STATE),
    stateGets: proxy.count('GET', RUN_STATE),
    all: proxy.requests.length,
  };
  return { summary, requests };
}

async function feedJson(bucket: string, path = 'feed.json') {
  const object = await testS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: `feeds/${path}` }));
  return JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as {
    items: Array<{ id: string; title: string }>;
  };
}

describe('incremental runs, requests counted against the real server', () => {
  it('an unchanged collection costs one listing and one manifest read: no article read, no feed request, no write', async () => {
    const { bucket } = await seed();
    const first = await run(bucket);
    expect(first.summary.ok).toBe(true);
    expect(first.requests.articleGets).toBeGreaterThanOrEqual(COUNT);

    const second = await run(bucket);
    expect(second.summary.articles.read).toBe(0);
    expect(second.requests).toMatchObject({
      list: 1,
      articleGets: 0,
      feedHeads: 0,
      feedPuts: 0,
      statePuts: 0,
      stateGets: 1,
    });
    expect(second.summary.files.written).toEqual([]);
    expect(second.summary.files.unchanged.length).toBe(first.summary.files.written.length);
  });

  it('one changed article is read, and only the feeds it is in are rendered and written', async () => {
    const { bucket, names } = await seed();
    const first = await run(bucket);
    const main = await feedJson(bucket);
    const newest = main.items[0];
    const name = names.find((n) => newest && n.includes(newest.id.split(':').pop()?.slice(0, 7) ?? '-'));
    const client = testS3Client();
    const key = `content/articles/${name}`;
    const text = await (
      await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToString('utf-8');
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: (text ?? '').replace(/^title: .*$/m, 'title: Edited headline'),
      }),
    );

    const second = await run(bucket);
    expect(second.summary.ok).toBe(true);
    expect(second.summary.articles.read).toBe(1);
    expect((await feedJson(bucket)).items[0]?.title).toBe('Edited headline');
    expect(second.requests.feedPuts).toBeGreaterThanOrEqual(3);
    expect(second.requests.feedPuts).toBeLessThan(first.summary.files.written.length);
    // Bodies are read again only for items of the changed feeds (each once), never the whole collection.
    const itemsOfWrittenFeeds = new Set<string>();
    for (const file of second.summary.files.written.filter((f) => f.endsWith('feed.json'))) {
      for (const item of (await feedJson(bucket, file)).items) itemsOfWrittenFeeds.add(item.id);
    }
    expect(second.requests.articleGets).toBe(itemsOfWrittenFeeds.size);
    expect(second.requests.articleGets).toBeLessThan(COUNT);
    expect(second.requests.feedHeads).toBe(0);
  });

  it('a removed article drops out of the feeds', async () => {
    const { bucket } = await seed();
    await run(bucket);
    const victim = (await feedJson(bucket)).items[1];
    // Generated ids come from file names: tag:…:<file name without .md>, percent-encoded.
    const name = decodeURIComponent(victim?.id.split(':').pop() ?? '');
    await testS3Client().send(
      new DeleteObjectCommand({ Bucket: bucket, Key: `content/articles/${name}.md` }),
    );
    const after = await run(bucket);
    expect(after.summary.ok).toBe(true);
    expect((await feedJson(bucket)).items.map((i) => i.id)).not.toContain(victim?.id);
  });

  it('a corrupt manifest means a full run and the same feeds, never a wrong one', async () => {
    const { bucket } = await seed();
    const first = await run(bucket);
    const before = await feedJson(bucket);
    await testS3Client().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: '.feedwright/feeds/run-state.json',
        Body: '{"manifest": {"version": 1, "sources": 7',
      }),
    );
    const afterCorruption = await run(bucket);
    expect(afterCorruption.summary.ok).toBe(true);
    expect(afterCorruption.summary.articles.read).toBe(first.summary.articles.found);
    expect(afterCorruption.summary.files.written).toEqual([]);
    expect(await feedJson(bucket)).toEqual(before);
    // And the manifest is back: the run after is incremental again.
    expect((await run(bucket)).summary.articles.read).toBe(0);
  });
});
