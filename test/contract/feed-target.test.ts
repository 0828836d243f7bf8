import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../functions/lib/errors.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createFsTarget } from '../../functions/lib/targets/fs.js';
import { createMemoryTarget } from '../../functions/lib/targets/memory.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { type FeedTarget, hashOf, type PublishedFile } from '../../functions/lib/targets/target.js';
import { articleText, testConfig } from '../support/fixtures.js';
import { freshBucket, testS3Client } from '../support/s3.js';
import { startS3Proxy } from '../support/s3-proxy.js';

/** What the contract needs from each adapter: a fresh target, and a way to read back what it stored. */
interface Adapter {
  name: string;
  fresh(): Promise<{
    target: FeedTarget;
    /** Body and headers as a reader would get them; headers undefined where the store keeps none (files). */
    readBack(
      path: string,
    ): Promise<{ body: string; contentType?: string; cacheControl?: string } | undefined>;
    /** Counts writes that reached the store. */
    writes(): number;
  }>;
  /** A target whose store fails every call, for the error contract. */
  broken?(): Promise<{ target: FeedTarget; expectedName: string }>;
}

const FILE = (path: string, body: string): PublishedFile => ({
  path,
  body,
  contentType: 'application/rss+xml; charset=utf-8',
  hash: hashOf(body),
});

const adapters: Adapter[] = [
  {
    name: 'memory',
    async fresh() {
      const target = createMemoryTarget();
      return {
        target,
        readBack: async (p) => {
          const o = target.objects.get(p);
          return o && { body: o.body, contentType: o.contentType };
        },
        writes: () => target.writes,
      };
    },
  },
  {
    name: 'filesystem',
    async fresh() {
      const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-target-'));
      const inner = createFsTarget({ dir });
      let writes = 0;
      const target: FeedTarget = {
        ...inner,
        write: async (f) => {
          await inner.write(f);
          writes += 1;
        },
      };
      const { readFile } = await import('node:fs/promises');
      return {
        target,
        readBack: async (p) => {
          try {
            return { body: await readFile(path.join(dir, p), 'utf8') };
          } catch {
            return undefined;
          }
        },
        writes: () => writes,
      };
    },
    async broken() {
      const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-target-'));
      const blocker = path.join(dir, 'not-a-folder');
      await writeFile(blocker, 'a file where a folder should be');
      return { target: createFsTarget({ dir: blocker }), expectedName: path.join(blocker, 'rss.xml') };
    },
  },
  {
    name: 's3 (Ceph RGW)',
    async fresh() {
      const client = testS3Client();
      const bucket = await freshBucket(client, 'contract');
      const proxy = await startS3Proxy(client.config.endpoint ? await endpointOf(client) : '');
      const target = createS3Target({ client: testS3Client(proxy.url), bucket, prefix: 'feeds/' });
      return {
        target,
        readBack: async (p) => {
          try {
            const o = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `feeds/${p}` }));
            return {
              body: (await o.Body?.transformToString('utf-8')) ?? '',
              contentType: o.ContentType,
              cacheControl: o.CacheControl,
            };
          } catch {
            return undefined;
          }
        },
        writes: () => proxy.count('PUT'),
      };
    },
    async broken() {
      return {
        target: createS3Target({
          client: testS3Client(),
          bucket: 'fw-no-such-bucket-anywhere',
          prefix: 'feeds/',
        }),
        expectedName: 's3://fw-no-such-bucket-anywhere/feeds/rss.xml',
      };
    },
  },
];

async function endpointOf(client: ReturnType<typeof testS3Client>): Promise<string> {
  const endpoint = await client.config.endpoint?.();
  if (!endpoint) throw new Error('test client has no endpoint');
  return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`;
}

describe.each(adapters)('FeedTarget contract: $name', (adapter) => {
  it('can read back published text (readBody is optional in the port, but every adapter has it)', async () => {
    const { target } = await adapter.fresh();
    expect(target.readBody).toBeTypeOf('function');
  });

  it('reads back the hash of what it wrote, and nothing for a path never written', async () => {
    const { target } = await adapter.fresh();
    const file = { ...FILE('rss.xml', '<rss version="2.0"/>'), items: 0 };
    expect(await target.readPublished('rss.xml')).toBeUndefined();
    await target.write(file);
    expect(await target.readPublished('rss.xml')).toEqual({ hash: file.hash, items: 0 });
  });

  it('reads back the item count of a feed it published', async () => {
    const { target } = await adapter.fresh();
    const body = '<rss version="2.0"><channel><item>a</item>\n<item>b</item></channel></rss>';
    await target.write({ ...FILE('tags/x/rss.xml', body), items: 2 });
    await target.write({ ...FILE('index.html', '<p>people</p>'), contentType: 'text/html; charset=utf-8' });
    expect(await target.readPublished('tags/x/rss.xml')).toEqual({ hash: hashOf(body), items: 2 });
    expect(await target.readPublished('index.html')).toEqual({ hash: hashOf('<p>people</p>') });
  });

  it('counts Atom entries that carry their own language', async () => {
    const { target } = await adapter.fresh();
    const body =
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:lang="ar"><id>a</id></entry>\n<entry><id>b</id></entry></feed>';
    await target.write({ ...FILE('atom.xml', body), items: 2 });
    expect(await target.readPublished('atom.xml')).toEqual({ hash: hashOf(body), items: 2 });
  });

  it('stores the body byte for byte, in nested folders too', async () => {
    const { target, readBack } = await adapter.fresh();
    const body = '<rss version="2.0"><channel><title>Économie — سياسة 😀</title></channel></rss>\n';
    await target.write(FILE('categories/économie/rss.xml', body));
    expect((await readBack('categories/économie/rss.xml'))?.body).toBe(body);
  });

  it('serves each object with its Content-Type (and Cache-Control where the store keeps headers)', async () => {
    const { target, readBack } = await adapter.fresh();
    await target.write({ ...FILE('feed.json', '{}'), contentType: 'application/feed+json; charset=utf-8' });
    const stored = await readBack('feed.json');
    if (stored?.contentType !== undefined)
      expect(stored.contentType).toBe('application/feed+json; charset=utf-8');
    if (adapter.name.startsWith('s3')) expect(stored?.cacheControl).toBe('max-age=300');
  });

  it("serves a file with its own Cache-Control when it has one (a final archive page's immutable)", async () => {
    const { target, readBack } = await adapter.fresh();
    const immutable = 'public, max-age=31536000, immutable';
    await target.write({ ...FILE('archive/1/rss.xml', '<rss version="2.0"/>'), cacheControl: immutable });
    const stored = await readBack('archive/1/rss.xml');
    if (stored?.cacheControl !== undefined) expect(stored.cacheControl).toBe(immutable);
    if (adapter.name.startsWith('s3')) expect(stored?.cacheControl).toBe(immutable);
  });

  it('reads back the text it published, byte for byte, and nothing for a path never written', async () => {
    const { target } = await adapter.fresh();
    const body = '{"items":[{"id":"tag:x,2025:é","title":"Économie — سياسة 😀"}]}\n';
    expect(await target.readBody?.('tags/x/feed.json')).toBeUndefined();
    await target.write({ ...FILE('tags/x/feed.json', body), contentType: 'application/feed+json' });
    expect(await target.readBody?.('tags/x/feed.json')).toBe(body);
  });

  it('overwrites an object with a new version', async () => {
    const { target, readBack } = await adapter.fresh();
    await target.write(FILE('rss.xml', 'one'));
    await target.write(FILE('rss.xml', 'two'));
    expect((await readBack('rss.xml'))?.body).toBe('two');
    expect((await target.readPublished('rss.xml'))?.hash).toBe(hashOf('two'));
    expect(await target.readBody?.('rss.xml')).toBe('two');
  });

  it.each(['../escape.xml', '/absolute.xml', 'a//b.xml', 'a/./b.xml', 'a\\b.xml', 'x/../../y.xml', ''])(
    'refuses the unsafe path %j without touching the store',
    async (unsafe) => {
      const { target, writes } = await adapter.fresh();
      await expect(target.write(FILE(unsafe, 'x'))).rejects.toThrow(StorageError);
      await expect(target.readPublished(unsafe)).rejects.toThrow(/refused unsafe path/);
      await expect(target.readBody?.(unsafe)).rejects.toThrow(/refused unsafe path/);
      expect(writes()).toBe(0);
    },
  );

  it('lists what it holds and removes one object without touching the others', async () => {
    const { target, readBack } = await adapter.fresh();
    await target.write(FILE('rss.xml', 'a'));
    await target.write(FILE('categories/culture/rss.xml', 'b'));
    await target.write(FILE('categories/culture/atom.xml', 'c'));
    expect(await target.list()).toEqual([
      'categories/culture/atom.xml',
      'categories/culture/rss.xml',
      'rss.xml',
    ]);
    await target.remove('categories/culture/rss.xml');
    await target.remove('categories/culture/never-written.xml');
    expect(await target.list()).toEqual(['categories/culture/atom.xml', 'rss.xml']);
    expect(await readBack('categories/culture/rss.xml')).toBeUndefined();
    await expect(target.remove('../rss.xml')).rejects.toThrow(StorageError);
  });

  it('writes only what changed: a second run over the same collection writes nothing', async () => {
    const { target, writes } = await adapter.fresh();
    const source = createMemorySource({ 'a.md': articleText({ title: 'A', date: '2025-04-14' }) });
    const deps = { source, target, now: () => new Date('2026-01-01T00:00:00Z') };
    const first = await publishFeeds(deps, testConfig());
    expect(first.files.written.slice(0, 3)).toEqual(['rss.xml', 'atom.xml', 'feed.json']);
    const writesAfterFirst = writes();
    const second = await publishFeeds(deps, testConfig());
    expect(second.files.written).toEqual([]);
    expect(second.files.unchanged).toEqual(first.files.written);
    expect(writes()).toBe(writesAfterFirst);
  });
});

const failingAdapters = adapters.flatMap((a) => (a.broken ? [{ name: a.name, broken: a.broken }] : []));

describe.each(failingAdapters)('FeedTarget contract, failures: $name', (adapter) => {
  it('wraps a store failure in a StorageError naming the object, with its cause', async () => {
    const broken = await adapter.broken();
    const error = await broken.target.write(FILE('rss.xml', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(broken.expectedName);
    expect((error as Error).cause).toBeDefined();
  });

  it('reports a store that cannot be read as a StorageError naming the object, never as nothing published', async () => {
    const broken = await adapter.broken();
    const error = await broken.target.readBody?.('rss.xml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(broken.expectedName);
  });
});
