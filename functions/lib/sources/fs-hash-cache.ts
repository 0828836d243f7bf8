import type { BigIntStats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeJsonAtomically } from '../json-file.js';

/**
 * Remembers the content hash of each article file with what `stat` said of
 * it, so a listing re-reads only files that may have changed. Never mtimes
 * alone: the key is device, inode, size, mtime and ctime, and ctime cannot
 * be set from user space — `touch -r`, `cp -p` and `tar` restore an old
 * mtime but give a new ctime (or a new inode). A file whose ctime lies
 * within `racyWindowMs` of when the cache was written is hashed again
 * (git's "racy" rule: file times are coarse, and an edit in the same tick
 * as the snapshot would otherwise look unchanged). Anything unreadable in
 * the cache file means hashing everything, never a wrong version.
 */
export interface HashCacheOptions {
  /** Where the cache lives: with the run state, never in the output folder. */
  file: string;
  /** Default 1 s: well over the coarse clock ticks file times are stamped with. */
  racyWindowMs?: number;
  /** The real clock, in ms. */
  now?: () => number;
  /** Told after each listing how many versions came from the cache and how many files were hashed. */
  onListed?: (counts: { cached: number; hashed: number }) => void;
}

/** Per file: device, inode, size, mtime and ctime (ns), all as decimal text, and the version. */
type Entry = [dev: string, ino: string, size: string, mtimeNs: string, ctimeNs: string, version: string];

/**
 * The envelope is checked whole; entries one by one as they are looked up
 * (a hundred thousand of them through a schema cost more than the hashing
 * they save), and one that is not as written is a miss.
 */
const CacheSchema = z.strictObject({
  version: z.literal(2),
  dir: z.string(),
  savedAtMs: z.number().int().nonnegative(),
  entries: z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  ),
});
const VERSION = /^sha256:[0-9a-f]{64}$/;
const isEntry = (value: unknown): value is Entry =>
  Array.isArray(value) &&
  value.length === 6 &&
  value.every((part) => typeof part === 'string') &&
  VERSION.test(value[5] as string);

export interface HashCache {
  /** The remembered version of `name`, when `info` says it cannot have changed. */
  lookup(name: string, info: BigIntStats): string | undefined;
  remember(name: string, info: BigIntStats, version: string): void;
  /** Writes what this listing saw (only the names listed); a failure only costs hashing next time. */
  save(): Promise<void>;
  /** Files whose version came from the cache in this listing, and files hashed. */
  readonly counts: { cached: number; hashed: number };
}

export async function openHashCache(dir: string, options: HashCacheOptions): Promise<HashCache> {
  const racyWindowNs = BigInt(options.racyWindowMs ?? 1000) * 1_000_000n;
  const now = options.now ?? (() => Date.now());
  const previous = await readCache(options.file, dir);
  const savedAtNs = BigInt(previous?.savedAtMs ?? 0) * 1_000_000n;
  const seen: Record<string, Entry> = {};
  const counts = { cached: 0, hashed: 0 };
  const entries = previous?.entries ?? {};
  const previousCount = Object.keys(entries).length;
  const key = (info: BigIntStats, version: string): Entry => [
    String(info.dev),
    String(info.ino),
    String(info.size),
    String(info.mtimeNs),
    String(info.ctimeNs),
    version,
  ];
  return {
    counts,
    lookup(name, info) {
      const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
      if (!isEntry(entry) || info.ctimeNs >= savedAtNs - racyWindowNs) return undefined;
      const current = key(info, entry[5]);
      if (!current.every((part, i) => part === entry[i])) return undefined;
      seen[name] = entry;
      counts.cached += 1;
      return entry[5];
    },
    remember(name, info, version) {
      seen[name] = key(info, version);
      counts.hashed += 1;
    },
    async save() {
      options.onListed?.({ ...counts });
      // Every file came from the cache and none went: the saved cache says it all already.
      if (previous && counts.hashed === 0 && counts.cached === previousCount) return;
      // A failure only loses a speed-up.
      await writeJsonAtomically(options.file, { version: 2, dir, savedAtMs: now(), entries: seen });
    },
  };
}

async function readCache(file: string, dir: string): Promise<z.infer<typeof CacheSchema> | undefined> {
  try {
    const parsed = CacheSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success && parsed.data.dir === dir ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
