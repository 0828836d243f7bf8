import { type BigIntStats, closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { mapConcurrently } from '../concurrency.js';
import { StorageError } from '../errors.js';
import { type HashCache, type HashCacheOptions, openHashCache } from './fs-hash-cache.js';
import { assertListedVersion, type ContentSource, contentVersion, type SourceEntry } from './source.js';

/** Files opened at once while listing: enough to keep the disk busy, far below any open-files limit. */
const LIST_CONCURRENCY = 64;

/**
 * Articles from a folder: every `*.md` file in `dir` (not below it, not
 * hidden), sorted by name. The version is a sha256 of the file's bytes, so an
 * edit is seen whatever happened to mtimes (`serverless package` sets them
 * all to 1980-01-01; `cp -p`, `tar` and `touch -r` restore old ones). An entry
 * that cannot be an article (a folder named `x.md`, a link to nothing, a file
 * that cannot be read) is listed with a `problem` and no version: the run
 * reports it and publishes the others. A link to a real file is read through
 * the link. With `hashCache`, files whose device, inode, size, mtime and
 * ctime are unchanged since the last listing are not read again (see
 * fs-hash-cache.ts).
 *
 * @example createFsSource({ dir: 'content/articles', hashCache: { file: '.feedwright/public/content-hashes.json' } })
 */
export function createFsSource(options: { dir: string; hashCache?: HashCacheOptions }): ContentSource {
  const { dir } = options;
  // The folder and a name joined, not path.join: V8 keeps the result as a pair of pointers (the folder is
  // shared by every entry) instead of a copy, which matters at a million entries. A name has no separator.
  const folder = `${path.normalize(dir).replace(/[\\/]+$/, '')}${path.sep}`;
  const fileOf = (name: string) => folder + name;
  const readEntry = async (entry: SourceEntry) => {
    let read: { bytes: Uint8Array; info: BigIntStats };
    try {
      read = readArticleFileWithStat(path.join(dir, entry.key));
    } catch (error) {
      throw new StorageError(`${entry.file}: cannot read`, { cause: error });
    }
    return { bytes: assertListedVersion(entry, read.bytes), info: read.info };
  };
  /**
   * The hash cache as stat() reads it: opened once and only looked up, never
   * saved (a save keeps only the names seen, so saving after a few stats
   * would forget every other file). Dropped by each listing, which saves a
   * fresher one. A stale cache is still right: a lookup trusts a hash only
   * when the file's stat is unchanged.
   */
  let statCache: Promise<HashCache> | undefined;
  /** The cache of the last listing that left versions to reads (versionsOnRead): saved by settle(). */
  let learning: HashCache | undefined;
  return {
    async list(listOptions = {}) {
      statCache = undefined;
      learning = undefined;
      const cache = options.hashCache && (await openHashCache(path.resolve(dir), options.hashCache));
      // With a cache, a file it cannot vouch for need not be read twice (to hash it here, then to parse it):
      // its version is left to the read, which remembers it.
      const lazy = cache !== undefined && listOptions.versionsOnRead === true;
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        throw new StorageError(`${dir}: cannot list articles`, { cause: error });
      }
      const articles = names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort();
      // Reading every file to hash it is I/O-bound: a pool overlaps the reads and bounds open files.
      const looks = await mapConcurrently(articles, LIST_CONCURRENCY, (name) =>
        lazy ? lookWithoutReading(fileOf(name), name, cache) : lookCached(fileOf(name), name, cache),
      );
      const entries: SourceEntry[] = articles.flatMap((name, i) => {
        const found = looks[i];
        // Gone between readdir and open: removed, so not listed.
        return found ? [{ key: name, name: name.slice(0, -3), file: fileOf(name), ...found }] : [];
      });
      if (lazy) learning = cache;
      else await cache?.save();
      return entries;
    },
    async read(entry) {
      return (await readEntry(entry)).bytes;
    },
    async readWithVersion(entry) {
      const { bytes, info } = await readEntry(entry);
      if (entry.version !== undefined) return { bytes, version: entry.version };
      const version = contentVersion(bytes);
      // The stat of the open file, taken before its bytes were read: a file changed meanwhile gets a new
      // ctime, so the next listing does not trust this hash.
      if (info.isFile()) learning?.remember(entry.key, info, version);
      return { bytes, version };
    },
    async settle() {
      await learning?.save();
      learning = undefined;
    },
    async stat(key) {
      // Only what list() would list: a *.md file directly in dir, not hidden.
      if (!key.endsWith('.md') || key.startsWith('.') || key.includes('/') || key.includes('\0')) {
        return undefined;
      }
      if (options.hashCache) statCache ??= openHashCache(path.resolve(dir), options.hashCache);
      const found = await lookCached(path.join(dir, key), key, await statCache);
      return found ? { key, name: key.slice(0, -3), file: fileOf(key), ...found } : undefined;
    },
  };
}

/** Thrown by readArticleFile for something that opens but is no article file (a folder, a pipe, a device). */
class NotAFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The bytes of a regular file, through links. Opened without blocking and
 * checked on the open handle, so a pipe named `x.md` cannot hang the run and
 * nothing can swap the file between the check and the read.
 *
 * Synchronous on purpose: on a local disk with a warm page cache each call
 * takes microseconds, while the promise API's thread-pool round trips cost
 * ten times that per call and were most of a 100,000-article build's time.
 */
async function readArticleFile(file: string): Promise<Uint8Array> {
  return readArticleFileWithStat(file).bytes;
}

function readArticleFileWithStat(file: string): { bytes: Uint8Array; info: BigIntStats } {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd, { bigint: true });
    if (info.isDirectory()) throw new NotAFile('is a folder, not an article file');
    if (!info.isFile()) throw new NotAFile('is not a regular file (a pipe, socket or device)');
    // Room for the size stat gave and one byte more, so the read that finds the end needs no larger
    // buffer; a file that grows meanwhile is still read whole.
    let buffer = Buffer.allocUnsafe(Number(info.size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
    }
    return { bytes: buffer.subarray(0, length), info };
  } finally {
    closeSync(fd);
  }
}

/**
 * Like look, but takes the version from the hash cache when `stat` shows the
 * file cannot have changed. The stat is taken before the read: a file that
 * changes while it is hashed gets a new ctime, so the next listing hashes it again.
 */
async function lookCached(file: string, name: string, cache: HashCache | undefined): ReturnType<typeof look> {
  if (!cache) return look(file);
  let info: BigIntStats | undefined;
  try {
    info = statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    info = undefined;
  }
  const cached = info?.isFile() ? cache.lookup(name, info) : undefined;
  if (cached) return { version: cached };
  const found = await look(file);
  if (info?.isFile() && found && 'version' in found) cache.remember(name, info, found.version);
  return found;
}

/**
 * Like lookCached, but a file the cache cannot vouch for is not read: it is
 * listed without a version, left to readWithVersion. What cannot be an
 * article is told from stat alone, with the reasons look gives.
 */
async function lookWithoutReading(
  file: string,
  name: string,
  cache: HashCache,
): Promise<{ version?: string } | { problem: string } | undefined> {
  let info: BigIntStats | undefined;
  try {
    info = statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { problem: 'is a link that leads back to itself' };
    return {
      problem: `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`,
    };
  }
  if (!info) {
    // Listed by readdir but nothing there: a link to nothing, or a file removed since.
    const link = await lstat(file).catch(() => undefined);
    return link?.isSymbolicLink() ? { problem: 'is a link to nothing' } : undefined;
  }
  if (info.isDirectory()) return { problem: 'is a folder, not an article file' };
  if (!info.isFile()) return { problem: 'is not a regular file (a pipe, socket or device)' };
  const version = cache.lookup(name, info);
  return version ? { version } : {};
}

/** The version of one listed file, or the reason it cannot be an article; undefined when it is gone. */
async function look(file: string): Promise<{ version: string } | { problem: string } | undefined> {
  try {
    const bytes = await readArticleFile(file);
    return { version: contentVersion(bytes) };
  } catch (error) {
    if (error instanceof NotAFile) return { problem: error.reason };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { problem: 'is a folder, not an article file' };
    if (code === 'ELOOP') return { problem: 'is a link that leads back to itself' };
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // Listed by readdir but nothing to open: a link to nothing, or a file removed since.
      const link = await lstat(file).catch(() => undefined);
      return link?.isSymbolicLink() ? { problem: 'is a link to nothing' } : undefined;
    }
    return {
      problem: `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`,
    };
  }
}
