import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createFsIndexStore } from '../../../functions/lib/index-stores/fs.js';
import { createS3IndexStore } from '../../../functions/lib/index-stores/s3.js';
import { createFsLock } from '../../../functions/lib/locks/fs.js';
import type { RunLock } from '../../../functions/lib/locks/lock.js';
import { createS3Lock } from '../../../functions/lib/locks/s3.js';
import type { IndexStore } from '../../../functions/lib/run-index.js';
import { listObjects } from '../../../functions/lib/s3-list.js';
import { createFsSource } from '../../../functions/lib/sources/fs.js';
import { createS3Source } from '../../../functions/lib/sources/s3.js';
import type { ContentSource } from '../../../functions/lib/sources/source.js';
import { createFsTarget } from '../../../functions/lib/targets/fs.js';
import { createS3Target } from '../../../functions/lib/targets/s3.js';
import type { FeedTarget } from '../../../functions/lib/targets/target.js';

/**
 * One system under test: where the content lives, where feeds go, where the
 * run state is kept. The interpreter edits content only through this, so the
 * folder and the RGW variants run the same sequences.
 */
/** How often the folder world's hash cache gave a version without reading the file, over all sequences. */
export const hashCacheUse = { cached: 0, hashed: 0 };

export interface World {
  label: string;
  /** What the incremental runs read (the folder's with its hash cache). */
  source: ContentSource;
  /** What the fresh full build reads, when it must differ: no cache of any kind. */
  freshSource?: ContentSource;
  target: FeedTarget;
  /** A lock as a new process would make it, reading `clock` (the lock's own clock). */
  lock(clock: () => Date): RunLock;
  /** Where the incremental runs keep the run index's shards, as the CLI and the Lambda do. */
  index: IndexStore;
  readSite(): Promise<string>;
  writeSite(text: string): Promise<void>;
  /** `keepVersion`: a same-size edit whose mtime is put back (folder); an ordinary re-upload on S3. */
  writeArticle(name: string, text: string, options?: { keepVersion?: boolean }): Promise<void>;
  renameArticle(from: string, to: string): Promise<void>;
  deleteArticle(name: string): Promise<void>;
  /**
   * Every published file, by path below the feeds root. `expected` (the fresh
   * build) lets the S3 world skip fetching objects whose listed ETag is the
   * MD5 of exactly those bytes.
   */
  readOutputs(expected?: ReadonlyMap<string, string>): Promise<Map<string, Buffer>>;
  dispose(): Promise<void>;
}

export type WorldFactory = () => Promise<World>;

/**
 * Content in a temp folder (`site.yml` + `articles/`), feeds in another, the
 * run state (lock file and manifest) in a third, outside the output folder.
 *
 * Every article write sets the file's mtime to the next whole second of a
 * counter, so ordinary edits always change `mtime:size` (as on a real disk,
 * minus the flakiness of coarse timestamps) and a same-size edit can put the
 * exact old mtime back.
 */
export async function createFolderWorld(): Promise<World> {
  const root = await mkdtemp(path.join(tmpdir(), 'feedwright-diff-'));
  const content = path.join(root, 'content');
  const articles = path.join(content, 'articles');
  const out = path.join(root, 'public');
  const state = path.join(root, 'state');
  await mkdir(articles, { recursive: true });
  await mkdir(state, { recursive: true });
  const mtimes = new Map<string, number>();
  let nextMtime = 1_750_000_000;
  const file = (name: string) => path.join(articles, `${name}.md`);
  return {
    label: 'folder',
    // The incremental side keeps a hash cache as the CLI does, with a short racy window (file times here
    // are stamped from a coarse clock, a few ms a tick) so that it is really used between steps.
    source: createFsSource({
      dir: articles,
      hashCache: {
        file: path.join(state, 'content-hashes.json'),
        racyWindowMs: 30,
        onListed: ({ cached, hashed }) => {
          hashCacheUse.cached += cached;
          hashCacheUse.hashed += hashed;
        },
      },
    }),
    freshSource: createFsSource({ dir: articles }),
    target: createFsTarget({ dir: out }),
    lock: (clock) =>
      createFsLock({
        file: path.join(state, 'lock.json'),
        manifestFile: path.join(state, 'manifest.json'),
        clock,
      }),
    index: createFsIndexStore(path.join(state, 'index')),
    readSite: () => readFile(path.join(content, 'site.yml'), 'utf8'),
    writeSite: (text) => writeFile(path.join(content, 'site.yml'), text),
    async writeArticle(name, text, options = {}) {
      await writeFile(file(name), text);
      const kept = mtimes.get(name);
      const mtime = options.keepVersion && kept !== undefined ? kept : nextMtime++;
      mtimes.set(name, mtime);
      await utimes(file(name), mtime, mtime);
    },
    async renameArticle(from, to) {
      // rename(2) keeps mtime and size: only the key changes.
      await rename(file(from), file(to));
      const kept = mtimes.get(from);
      mtimes.delete(from);
      if (kept !== undefined) mtimes.set(to, kept);
    },
    async deleteArticle(name) {
      await unlink(file(name));
      mtimes.delete(name);
    },
    async readOutputs() {
      const files = new Map<string, Buffer>();
      let entries: string[];
      try {
        entries = await readdir(out, { recursive: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
        throw error;
      }
      for (const entry of entries.sort()) {
        const full = path.join(out, entry);
        try {
          files.set(entry.split(path.sep).join('/'), await readFile(full));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
        }
      }
      return files;
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

let buckets = 0;

/**
 * Content under `content/` of a fresh bucket, feeds under `feeds/`, the run
 * state at `.feedwright/feeds/run-state.json` (outside the feeds prefix).
 */
export async function createRgwWorld(client: S3Client): Promise<World> {
  buckets += 1;
  const bucket = `fw-diff-${process.pid}-${Date.now().toString(36)}-${buckets}`.toLowerCase().slice(0, 63);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const put = (key: string, body: string) =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })).then(() => undefined);
  const get = async (key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  };
  const del = (key: string) =>
    client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).then(() => undefined);
  const articleKey = (name: string) => `content/articles/${name}.md`;
  return {
    label: `rgw s3://${bucket}`,
    source: createS3Source({ client, bucket, prefix: 'content/' }),
    target: createS3Target({ client, bucket, prefix: 'feeds/' }),
    lock: (clock) => createS3Lock({ client, bucket, key: '.feedwright/feeds/run-state.json', clock }),
    index: createS3IndexStore({ client, bucket, prefix: '.feedwright/feeds/index/' }),
    readSite: async () => (await get('content/site.yml')).toString('utf8'),
    writeSite: (text) => put('content/site.yml', text),
    writeArticle: (name, text) => put(articleKey(name), text),
    async renameArticle(from, to) {
      await put(articleKey(to), (await get(articleKey(from))).toString('utf8'));
      await del(articleKey(from));
    },
    deleteArticle: (name) => del(articleKey(name)),
    async readOutputs(expected) {
      const objects = await listObjects(client, bucket, 'feeds/');
      const files = new Map<string, Buffer>();
      await Promise.all(
        objects.map(async (object) => {
          const key = object.Key ?? '';
          const rel = key.slice('feeds/'.length);
          const body = expected?.get(rel);
          // A single-part PUT's ETag is the MD5 of its bytes: equal MD5, equal bytes; anything else is fetched.
          const md5 = body === undefined ? undefined : createHash('md5').update(body, 'utf8').digest('hex');
          files.set(
            rel,
            md5 !== undefined && object.ETag === `"${md5}"` ? Buffer.from(body ?? '') : await get(key),
          );
        }),
      );
      return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    // Emptied and deleted: long runs would otherwise reach RGW's 1,000 buckets per user.
    async dispose() {
      try {
        const keys = (await listObjects(client, bucket, '')).flatMap((o) => (o.Key ? [o.Key] : []));
        await Promise.all(keys.map((key) => del(key)));
        await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      } catch {
        // A bucket left behind lives in the throwaway server's memory store, wiped when it stops.
      }
    },
  };
}
