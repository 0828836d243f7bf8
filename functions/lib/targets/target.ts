import { createHash } from 'node:crypto';
import { StorageError } from '../errors.js';

/** One object to publish, with the headers it is served with. */
export interface PublishedFile {
  path: string;
  body: string;
  contentType: string;
  /** sha256 of the body, hex; lets a target skip unchanged objects. */
  hash: string;
  /** Items in the feed (feeds only): the guards compare it with what is published. */
  items?: number;
  /** Served with this instead of the target's default, where the store keeps headers (S3). */
  cacheControl?: string;
}

/** What is published at a path, as far as the guards and the change check need to know. */
export interface PublishedState {
  hash: string;
  /** Undefined when the object does not say (written by something else). */
  items?: number;
}

/** Where feeds are published: a folder, an S3 bucket, memory. */
export interface FeedTarget {
  /** How people see a path in messages: `public/rss.xml`, `s3://bucket/feeds/rss.xml`. */
  describe(path: string): string;
  /** Hash and item count of what is published at `path`, or undefined when nothing is. */
  readPublished(path: string): Promise<PublishedState | undefined>;
  /**
   * The text published at `path`, or undefined when nothing is. A run reads
   * the published feed.json of each feed it changes, to say which items it
   * adds, updates and removes; a target without it gets no item ids reported.
   */
  readBody?(path: string): Promise<string | undefined>;
  write(file: PublishedFile): Promise<void>;
  /** Every path published below the target's root, sorted. Used only to remove stale feeds. */
  list(): Promise<string[]>;
  /** Deletes one published object; a path that is not there is not an error. */
  remove(path: string): Promise<void>;
}

/** sha256 hex of UTF-8 text. */
export function hashOf(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Counts the items of a feed file from its bytes, for targets that keep no
 * metadata (a folder). Undefined for files that are not feeds or do not parse.
 */
export function countItems(path: string, body: string): number | undefined {
  if (path.endsWith('feed.json')) {
    try {
      const items = (JSON.parse(body) as { items?: unknown }).items;
      return Array.isArray(items) ? items.length : undefined;
    } catch {
      return undefined;
    }
  }
  if (path.endsWith('rss.xml')) return body.match(/<item>/g)?.length ?? 0;
  // An entry may carry attributes (`xml:lang` when its language is not the feed's).
  if (path.endsWith('atom.xml')) return body.match(/<entry[\s>]/g)?.length ?? 0;
  return undefined;
}

/**
 * Refuses paths that could land outside the target's folder or prefix:
 * `..` segments, leading `/`, backslashes, empty segments, control characters.
 */
export function assertSafePath(path: string, where: string): void {
  if (!isSafePath(path)) throw new StorageError(`${where}: refused unsafe path ${JSON.stringify(path)}`);
}

/** True for a relative path that stays below its root: see assertSafePath. */
export function isSafePath(path: string): boolean {
  const segments = path.split('/');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  const bad = /[\u0000-\u001f\\]/.test(path) || segments.some((s) => s === '' || s === '.' || s === '..');
  return !bad && path.length <= 900;
}

/** Cache-Control for published feeds unless CACHE_CONTROL says otherwise: readers poll, CDNs keep 5 minutes. */
export const DEFAULT_CACHE_CONTROL = 'max-age=300';
