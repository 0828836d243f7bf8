import type { BigIntStats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeTextAtomically } from '../json-file.js';

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

/**
 * The file: a JSON header line (`{"version":3,"dir":…,"savedAtMs":…}`), then
 * one line per file: its name as a JSON string, then device, inode, size,
 * mtime and ctime (ns) in decimal and the version, separated by tabs (a JSON
 * string holds no raw tab or line break). Lines are split when the file is
 * read and parsed one by one as they are looked up: a hundred thousand
 * entries through JSON.parse and a schema cost more than the hashing they
 * save. A line that is not as written is a miss.
 */
const HeaderSchema = z.strictObject({
  version: z.literal(3),
  dir: z.string(),
  savedAtMs: z.number().int().nonnegative(),
});
const LINE = /^("(?:[^"\\\n]|\\.)*")\t(\d+)\t(\d+)\t(\d+)\t(\d+)\t(\d+)\t(sha256:[0-9a-f]{64})$/;

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
  const lines = previous?.lines ?? new Map<string, string>();
  const seen: string[] = [];
  const counts = { cached: 0, hashed: 0 };
  const signature = (info: BigIntStats) =>
    `${info.dev}\t${info.ino}\t${info.size}\t${info.mtimeNs}\t${info.ctimeNs}`;
  return {
    counts,
    lookup(name, info) {
      const quoted = JSON.stringify(name);
      const line = lines.get(quoted);
      if (line === undefined || info.ctimeNs >= savedAtNs - racyWindowNs) return undefined;
      const match = LINE.exec(line);
      const version = match?.[7];
      if (!match || version === undefined || line !== `${quoted}\t${signature(info)}\t${version}`)
        return undefined;
      seen.push(line);
      counts.cached += 1;
      return version;
    },
    remember(name, info, version) {
      seen.push(`${JSON.stringify(name)}\t${signature(info)}\t${version}`);
      counts.hashed += 1;
    },
    async save() {
      options.onListed?.({ ...counts });
      // Every file came from the cache and none went: the saved cache says it all already.
      if (previous && counts.hashed === 0 && counts.cached === lines.size) return;
      const header = JSON.stringify({ version: 3, dir, savedAtMs: now() });
      // A failure only loses a speed-up.
      await writeTextAtomically(options.file, `${header}\n${seen.join('\n')}`);
    },
  };
}

async function readCache(
  file: string,
  dir: string,
): Promise<{ savedAtMs: number; lines: Map<string, string> } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const end = text.indexOf('\n');
  let header: unknown;
  try {
    header = JSON.parse(end === -1 ? text : text.slice(0, end));
  } catch {
    return undefined;
  }
  const parsed = HeaderSchema.safeParse(header);
  if (!parsed.success || parsed.data.dir !== dir) return undefined;
  const lines = new Map<string, string>();
  if (end !== -1) {
    for (const line of text.slice(end + 1).split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) lines.set(line.slice(0, tab), line);
    }
  }
  return { savedAtMs: parsed.data.savedAtMs, lines };
}
