import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../functions/lib/errors.js';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createFsSource } from '../../functions/lib/sources/fs.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createS3Source } from '../../functions/lib/sources/s3.js';
import type { ContentSource, SourceEntry } from '../../functions/lib/sources/source.js';
import { createFsTarget } from '../../functions/lib/targets/fs.js';
import { articleText, testConfig } from '../support/fixtures.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { startS3Proxy } from '../support/s3-proxy.js';

/** An empty articles/ of one adapter, and the hands to edit it as people would. */
interface Store {
  source: ContentSource;
  /** Creates or replaces `name`, a path below articles/ (nested paths make sub-folders). */
  write(name: string, bytes: string | Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
  /** What `file` says for `name`: the place people see in messages. */
  fileOf(name: string): string;
  /** The source's key for `name` (what list() gives as `key`, and stat() takes). */
  keyOf(name: string): string;
  /**
   * Where the adapter has places outside articles/ (S3: the rest of the bucket), writes a raw `key` there
   * and gives back the key; undefined for adapters without such places.
   */
  writeOutside?(key: string, bytes: string): Promise<string>;
}

interface Adapter {
  name: string;
  fresh(): Promise<Store>;
  /**
   * The version the adapter gives these bytes. Memory and folder: a sha256 of
   * the bytes. S3: the ETag (an MD5 of the bytes for a single-part upload,
   * quoted) and the size. So on all three, two keys with the same bytes get
   * the same version; that is fine, versions are only compared per key.
   */
  versionOf(bytes: Uint8Array): string;
  /** Whether a read failure wraps a foreign error as `cause` (memory has none to wrap). */
  wrapsCause: boolean;
  /** A source over a place that does not exist, and the name its error must give. */
  missing?(): Promise<{ source: ContentSource; expectedName: string }>;
}

const encode = (text: string) => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function folderStore(): Promise<Store & { dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fw-source-'));
  return {
    dir,
    source: createFsSource({ dir }),
    async write(name, bytes) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), bytes);
    },
    remove: (name) => rm(path.join(dir, name)),
    fileOf: (name) => path.join(dir, name),
    keyOf: (name) => name,
  };
}

const adapters: Adapter[] = [
  {
    name: 'memory',
    async fresh() {
      const files: Record<string, string | Uint8Array> = {};
      return {
        source: createMemorySource(files),
        write: async (name, bytes) => {
          files[name] = typeof bytes === 'string' ? bytes : new Uint8Array(bytes);
        },
        remove: async (name) => {
          delete files[name];
        },
        fileOf: (name) => `memory:${name}`,
        keyOf: (name) => name,
      };
    },
    versionOf: sha256,
    wrapsCause: false,
  },
  {
    name: 'folder',
    fresh: folderStore,
    versionOf: sha256,
    wrapsCause: true,
    async missing() {
      const dir = path.join(await mkdtemp(path.join(tmpdir(), 'fw-source-')), 'no-such-folder');
      return { source: createFsSource({ dir }), expectedName: dir };
    },
  },
  {
    name: 's3 (Ceph RGW)',
    async fresh() {
      const client = testS3Client();
      const bucket = await freshBucket(client, 'source');
      return s3Store(client, bucket);
    },
    versionOf: (bytes) => `"${createHash('md5').update(bytes).digest('hex')}":${bytes.length}`,
    wrapsCause: true,
    async missing() {
      const bucket = 'fw-no-such-bucket-anywhere';
      return {
        source: createS3Source({ client: testS3Client(), bucket, prefix: 'content/' }),
        expectedName: `s3://${bucket}/content/articles/`,
      };
    },
  },
];

/** A store over `content/articles/` in `bucket`, reached through `client`. */
function s3Store(client: S3Client, bucket: string): Store {
  const key = (name: string) => `content/articles/${name}`;
  return {
    source: createS3Source({ client, bucket, prefix: 'content/' }),
    async write(name, bytes) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key(name), Body: bytes }));
    },
    async remove(name) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(name) }));
    },
    fileOf: (name) => `s3://${bucket}/${key(name)}`,
    keyOf: key,
    async writeOutside(raw, bytes) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: raw, Body: bytes }));
      return raw;
    },
  };
}

/** The one listed entry named `name`; fails the test when it is not listed. */
async function entryNamed(source: ContentSource, name: string): Promise<SourceEntry> {
  const entry = (await source.list()).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not listed`);
  return entry;
}

async function versionOf(source: ContentSource, name: string): Promise<string | undefined> {
  return (await entryNamed(source, name)).version;
}

const BOM = '\uFEFF';

describe.each(adapters)('ContentSource contract: $name', (adapter) => {
  it('lists exactly the *.md files directly in articles/, not nested, hidden or other files, sorted by key', async () => {
    const store = await adapter.fresh();
    for (const name of [
      'rabat.md',
      'agadir.md',
      'Zagora.md',
      'économie.md',
      'notes.txt',
      'rabat.md.bak',
      'README',
      '.draft.md',
      'archive/old.md',
      'archive/2024/older.md',
    ]) {
      await store.write(name, articleText({ title: name }));
    }

    const listed = await store.source.list();

    expect(listed.map((e) => ({ name: e.name, file: e.file }))).toEqual([
      { name: 'Zagora', file: store.fileOf('Zagora.md') },
      { name: 'agadir', file: store.fileOf('agadir.md') },
      { name: 'rabat', file: store.fileOf('rabat.md') },
      { name: 'économie', file: store.fileOf('économie.md') },
    ]);
    const keys = listed.map((e) => e.key);
    expect(keys).toEqual([...keys].sort());
    expect(listed.filter((e) => e.problem !== undefined || e.version === undefined)).toEqual([]);
  });

  it('lists nothing for an empty articles/', async () => {
    const store = await adapter.fresh();

    expect(await store.source.list()).toEqual([]);
  });

  it('reads an entry back byte for byte: UTF-8 beyond ASCII, a byte-order mark, CRLF line ends', async () => {
    const store = await adapter.fresh();
    const bytes = encode(
      `${BOM}${articleText({ title: 'Économie — سياسة 😀' }, 'Ligne un\r\nLigne 二\r\n')}`,
    );
    await store.write('économie.md', bytes);

    const read = await store.source.read(await entryNamed(store.source, 'économie'));

    expect(Buffer.from(read)).toEqual(Buffer.from(bytes));
  });

  it('names the version after the bytes (sha256 of them; on S3 the ETag and size)', async () => {
    const store = await adapter.fresh();
    const bytes = encode(articleText({ title: 'A' }));
    await store.write('a.md', bytes);

    expect(await versionOf(store.source, 'a')).toBe(adapter.versionOf(bytes));
  });

  it('gives a new version on every edit, an edit that keeps the size too', async () => {
    const store = await adapter.fresh();
    await store.write('a.md', articleText({ title: 'Draft one' }));
    const first = await versionOf(store.source, 'a');

    await store.write('a.md', articleText({ title: 'Draft two' }));
    const sameSize = await versionOf(store.source, 'a');
    await store.write('a.md', articleText({ title: 'The final title' }));
    const longer = await versionOf(store.source, 'a');

    expect(new Set([first, sameSize, longer]).size).toBe(3);
  });

  it('keeps the versions while nothing changes: two listings agree', async () => {
    const store = await adapter.fresh();
    await store.write('a.md', articleText({ title: 'A' }));
    await store.write('b.md', articleText({ title: 'B' }));

    const first = await store.source.list();
    const second = await store.source.list();

    expect(second).toEqual(first);
  });

  it('gives two files with the same bytes the same version (versions are compared per key only)', async () => {
    const store = await adapter.fresh();
    const text = articleText({ title: 'Twin' });
    await store.write('a.md', text);
    await store.write('b.md', text);

    const [a, b] = await store.source.list();

    expect(a?.key).not.toBe(b?.key);
    expect(a?.version).toBeDefined();
    expect(a?.version).toBe(b?.version);
  });

  it('drops a removed file from the listing', async () => {
    const store = await adapter.fresh();
    await store.write('a.md', articleText({ title: 'A' }));
    await store.write('b.md', articleText({ title: 'B' }));

    await store.remove('a.md');

    expect((await store.source.list()).map((e) => e.name)).toEqual(['b']);
  });

  it('refuses to read an entry deleted after listing, with a StorageError naming its file', async () => {
    const store = await adapter.fresh();
    await store.write('gone.md', articleText({ title: 'Gone' }));
    const entry = await entryNamed(store.source, 'gone');
    await store.remove('gone.md');

    const error = await store.source.read(entry).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(entry.file);
    expect(entry.file).toBe(store.fileOf('gone.md'));
    if (adapter.wrapsCause) expect((error as Error).cause).toBeDefined();
  });

  it('reads only the version it listed: one edited since is refused, never parsed as the old version', async () => {
    const store = await adapter.fresh();
    await store.write('news.md', articleText({ title: 'First' }));
    const entry = await entryNamed(store.source, 'news');
    await store.write('news.md', articleText({ title: 'Second' }));

    const error = await store.source.read(entry).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      `${entry.file}: changed since it was listed; the next run reads it again`,
    );
  });
});

/** source.stat(key); fails the test when the source has no stat. */
async function statOf(source: ContentSource, key: string): Promise<SourceEntry | undefined> {
  if (!source.stat) throw new Error('this source has no stat()');
  return source.stat(key);
}

describe.each(adapters)('ContentSource contract, stat (for keys an event names): $name', (adapter) => {
  it('gives for an existing article exactly the entry list() gives', async () => {
    const store = await adapter.fresh();
    await store.write('rabat.md', articleText({ title: 'Rabat' }));
    await store.write('économie et société.md', articleText({ title: 'Économie' }));
    await store.write('c++ notes.md', articleText({ title: 'C++' }));

    const listed = await store.source.list();

    expect(listed).toHaveLength(3);
    for (const entry of listed) expect(await statOf(store.source, entry.key)).toEqual(entry);
    expect((await statOf(store.source, store.keyOf('rabat.md')))?.file).toBe(store.fileOf('rabat.md'));
  });

  it('is undefined for a key with nothing there: never written, or removed', async () => {
    const store = await adapter.fresh();
    await store.write('gone.md', articleText({ title: 'Gone' }));
    await store.remove('gone.md');

    expect(await statOf(store.source, store.keyOf('never.md'))).toBeUndefined();
    expect(await statOf(store.source, store.keyOf('gone.md'))).toBeUndefined();
  });

  it('is undefined for keys that are not articles, even when something is there', async () => {
    const store = await adapter.fresh();
    const notArticles = ['notes.txt', 'rabat.md.bak', 'README', '.draft.md', 'archive/old.md'];
    for (const name of notArticles) await store.write(name, articleText({ title: name }));
    const outside = store.writeOutside
      ? [
          await store.writeOutside('content/site.yml', 'title: x\n'),
          await store.writeOutside('elsewhere/articles/a.md', articleText({ title: 'Elsewhere' })),
          await store.writeOutside('content/articles-old/a.md', articleText({ title: 'Old' })),
          await store.writeOutside('content/a.md', articleText({ title: 'Beside' })),
        ]
      : [];

    for (const key of [...notArticles.map((n) => store.keyOf(n)), ...outside, '', '.md', '../a.md']) {
      expect(await statOf(store.source, key), key).toBeUndefined();
    }
    expect(await store.source.list()).toEqual([]);
  });

  it('after an overwrite gives a new version, the one list() now gives', async () => {
    const store = await adapter.fresh();
    await store.write('a.md', articleText({ title: 'Draft one' }));
    const before = await statOf(store.source, store.keyOf('a.md'));
    const second = encode(articleText({ title: 'Draft two' }));

    await store.write('a.md', second);
    const after = await statOf(store.source, store.keyOf('a.md'));

    expect(before?.version).toBeDefined();
    expect(after?.version).not.toBe(before?.version);
    expect(after?.version).toBe(adapter.versionOf(second));
    expect(after).toEqual(await entryNamed(store.source, 'a'));
  });

  it('gives an entry that reads back byte for byte, and refuses it once the article changed', async () => {
    const store = await adapter.fresh();
    const bytes = encode(articleText({ title: 'Économie — سياسة' }));
    await store.write('économie.md', bytes);
    const entry = await statOf(store.source, store.keyOf('économie.md'));
    if (!entry) throw new Error('not found');

    expect(Buffer.from(await store.source.read(entry))).toEqual(Buffer.from(bytes));
    await store.write('économie.md', articleText({ title: 'Changed' }));
    await expect(store.source.read(entry)).rejects.toThrow(
      `${entry.file}: changed since it was listed; the next run reads it again`,
    );
  });
});

describe('folder source, stat', () => {
  it('gives entries that cannot be articles the same problem list() gives', async () => {
    const store = await folderStore();
    await mkdir(path.join(store.dir, 'x.md'));
    await symlink(path.join(store.dir, 'nowhere.md'), path.join(store.dir, 'y.md'));

    const listed = await store.source.list();

    expect(listed.map((e) => e.problem)).toEqual([
      'is a folder, not an article file',
      'is a link to nothing',
    ]);
    for (const entry of listed) expect(await statOf(store.source, entry.key)).toEqual(entry);
  });

  it('takes versions from the hash cache when the file is unchanged, and never rewrites the cache', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fw-source-'));
    const cacheFile = path.join(await mkdtemp(path.join(tmpdir(), 'fw-cache-')), 'hashes.json');
    // Saved "later" than any file's ctime and no racy window, so unchanged files are trusted.
    const hashCache = { file: cacheFile, racyWindowMs: 0, now: () => Date.now() + 60_000 };
    await writeFile(path.join(dir, 'a.md'), articleText({ title: 'A' }));
    await writeFile(path.join(dir, 'b.md'), articleText({ title: 'B' }));
    await createFsSource({ dir, hashCache }).list();
    // A planted version for a.md: only a lookup in the cache can give it.
    const planted = `sha256:${'0'.repeat(64)}`;
    const saved = await readFile(cacheFile, 'utf8');
    await writeFile(
      cacheFile,
      saved.replace(/^("a\.md"\t.*\t)sha256:[0-9a-f]{64}$/m, (_line, start: string) => `${start}${planted}`),
    );
    const cacheBytes = await readFile(cacheFile, 'utf8');

    const source = createFsSource({ dir, hashCache });
    expect((await statOf(source, 'a.md'))?.version).toBe(planted);
    // An edited file is hashed again, whatever the cache says.
    const edited = encode(articleText({ title: 'B, edited' }));
    await writeFile(path.join(dir, 'b.md'), edited);
    expect((await statOf(source, 'b.md'))?.version).toBe(sha256(edited));
    expect(await readFile(cacheFile, 'utf8')).toBe(cacheBytes);
  });
});

describe('S3 source, stat when HeadObject is refused (403)', () => {
  // S3 answers a missing key 403, not 404, to a caller that may not list it.
  it('lists the key to tell: undefined when it is not there, a StorageError naming it when it is', async () => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'source');
    const proxy = await startS3Proxy(s3Server().endpoint);
    try {
      proxy.fault = (request) =>
        request.method === 'HEAD' ? { kind: 'status', status: 403, code: 'AccessDenied' } : undefined;
      const store = s3Store(testS3Client(proxy.url), bucket);
      await store.write('there.md', articleText({ title: 'There' }));
      // A key that merely begins with the one asked about is not it.
      await store.write('missing.md.bak', articleText({ title: 'Backup' }));

      expect(await statOf(store.source, store.keyOf('missing.md'))).toBeUndefined();
      const error = await statOf(store.source, store.keyOf('there.md')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toBe(`${store.fileOf('there.md')}: cannot stat`);
      expect(proxy.count('LIST')).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('asks nothing of S3 for a key that is not an article', async () => {
    const proxy = await startS3Proxy(s3Server().endpoint);
    try {
      const store = s3Store(testS3Client(proxy.url), 'fw-no-requests-expected');

      expect(await statOf(store.source, 'content/site.yml')).toBeUndefined();
      expect(proxy.requests).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

const missingAdapters = adapters.flatMap((a) => (a.missing ? [{ name: a.name, missing: a.missing }] : []));

describe.each(missingAdapters)('ContentSource contract, a place that does not exist: $name', (adapter) => {
  it('throws a StorageError naming it when listing', async () => {
    const { source, expectedName } = await adapter.missing();

    const error = await source.list().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(expectedName);
    expect((error as Error).cause).toBeDefined();
  });
});

describe('folder source: mtimes mean nothing', () => {
  it('sees a same-size edit whose mtime was put back afterwards (cp -p, tar, touch -r)', async () => {
    const store = await folderStore();
    const file = path.join(store.dir, 'a.md');
    // Whole seconds, as tar keeps them: utimes cannot put back a sub-millisecond mtime exactly.
    const kept = new Date('2025-04-14T10:00:00Z');
    await store.write('a.md', articleText({ title: 'Draft one' }));
    await utimes(file, kept, kept);
    const before = await stat(file);
    const first = await versionOf(store.source, 'a');

    await store.write('a.md', articleText({ title: 'Draft two' }));
    await utimes(file, before.atime, before.mtime);

    const after = await stat(file);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(await versionOf(store.source, 'a')).not.toBe(first);
  });

  it('sees a same-size edit when every mtime is 1980-01-01, as in a serverless package zip', async () => {
    const store = await folderStore();
    const file = path.join(store.dir, 'a.md');
    const zipEpoch = new Date('1980-01-01T00:00:00Z');
    await store.write('a.md', articleText({ title: 'Draft one' }));
    await utimes(file, zipEpoch, zipEpoch);
    const first = await versionOf(store.source, 'a');

    await store.write('a.md', articleText({ title: 'Draft two' }));
    await utimes(file, zipEpoch, zipEpoch);

    expect(await versionOf(store.source, 'a')).not.toBe(first);
  });

  it('keeps the version when only the mtime changes', async () => {
    const store = await folderStore();
    const file = path.join(store.dir, 'a.md');
    await store.write('a.md', articleText({ title: 'A' }));
    const first = await versionOf(store.source, 'a');

    await utimes(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));

    expect(await versionOf(store.source, 'a')).toBe(first);
  });
});

describe('folder source: entries that cannot be articles', () => {
  it('lists a folder named x.md and a link to nothing y.md with the problem and no version, next to the good article', async () => {
    const store = await folderStore();
    await store.write('good.md', articleText({ title: 'Good' }));
    await mkdir(path.join(store.dir, 'x.md'));
    await symlink(path.join(store.dir, 'nowhere.md'), path.join(store.dir, 'y.md'));

    const listed = await store.source.list();

    expect(listed).toEqual([
      {
        key: 'good.md',
        name: 'good',
        file: store.fileOf('good.md'),
        version: expect.stringMatching(/^sha256:/),
      },
      { key: 'x.md', name: 'x', file: store.fileOf('x.md'), problem: 'is a folder, not an article file' },
      { key: 'y.md', name: 'y', file: store.fileOf('y.md'), problem: 'is a link to nothing' },
    ]);
  });

  it('reads an article through a link to it, and versions it by the bytes it links to', async () => {
    const store = await folderStore();
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'fw-source-target-'));
    const real = path.join(elsewhere, 'real.md');
    const linked = encode(articleText({ title: 'Linked' }));
    await writeFile(real, linked);
    await symlink(real, path.join(store.dir, 'alias.md'));

    const entry = await entryNamed(store.source, 'alias');
    const bytes = await store.source.read(entry);

    expect(entry).toEqual({
      key: 'alias.md',
      name: 'alias',
      file: store.fileOf('alias.md'),
      version: sha256(linked),
    });
    expect(Buffer.from(bytes)).toEqual(Buffer.from(linked));
  });

  it('gives a link a new version when the file it links to is edited', async () => {
    const store = await folderStore();
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'fw-source-target-'));
    const real = path.join(elsewhere, 'real.md');
    await writeFile(real, articleText({ title: 'Linked' }));
    await symlink(real, path.join(store.dir, 'alias.md'));
    const first = await versionOf(store.source, 'alias');

    await writeFile(real, articleText({ title: 'LinkeD' }));

    expect(await versionOf(store.source, 'alias')).not.toBe(first);
  });

  it('lists a link that leads back to itself with the problem', async () => {
    const store = await folderStore();
    await symlink('loop.md', path.join(store.dir, 'loop.md'));

    expect(await store.source.list()).toEqual([
      {
        key: 'loop.md',
        name: 'loop',
        file: store.fileOf('loop.md'),
        problem: 'is a link that leads back to itself',
      },
    ]);
  });

  it('lists a named pipe x.md with the problem instead of waiting on it', async () => {
    const store = await folderStore();
    execFileSync('mkfifo', [path.join(store.dir, 'pipe.md')]);

    expect(await store.source.list()).toEqual([
      {
        key: 'pipe.md',
        name: 'pipe',
        file: store.fileOf('pipe.md'),
        problem: 'is not a regular file (a pipe, socket or device)',
      },
    ]);
  });

  // Tests run as root, which reads a chmod 000 file: EACCES cannot be made here. The system still refuses
  // some reads to root: /proc/self/mem opens as a regular file and fails with EIO on the first read.
  it('lists a file the system refuses to read with the reason and its code', async () => {
    const store = await folderStore();
    await symlink('/proc/self/mem', path.join(store.dir, 'refused.md'));

    expect(await store.source.list()).toEqual([
      {
        key: 'refused.md',
        name: 'refused',
        file: store.fileOf('refused.md'),
        problem: 'cannot be read (EIO)',
      },
    ]);
  });

  it('refuses to read an entry that became a folder, with a StorageError naming its file', async () => {
    const store = await folderStore();
    await store.write('a.md', articleText({ title: 'A' }));
    const entry = await entryNamed(store.source, 'a');
    await rm(path.join(store.dir, 'a.md'));
    await mkdir(path.join(store.dir, 'a.md'));

    const error = await store.source.read(entry).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(store.fileOf('a.md'));
  });
});

describe('a run over a folder with entries that cannot be articles', () => {
  it('reports each as skipped with its reason and publishes the good article', async () => {
    const store = await folderStore();
    const out = await mkdtemp(path.join(tmpdir(), 'fw-source-out-'));
    await store.write('good.md', articleText({ title: 'Good news', date: '2025-12-01' }));
    await mkdir(path.join(store.dir, 'broken.md'));
    await symlink(path.join(store.dir, 'deleted.md'), path.join(store.dir, 'gone.md'));

    const summary = await publishFeeds(
      {
        source: store.source,
        target: createFsTarget({ dir: out }),
        now: () => new Date('2026-01-01T00:00:00Z'),
      },
      testConfig(),
    );

    expect(summary.articles.skipped).toEqual([
      { file: store.fileOf('broken.md'), reason: 'is a folder, not an article file' },
      { file: store.fileOf('gone.md'), reason: 'is a link to nothing' },
    ]);
    expect(summary.articles.live).toBe(1);
    const feed = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as {
      items: Array<{ title: string }>;
    };
    expect(feed.items.map((i) => i.title)).toEqual(['Good news']);
  });
});
