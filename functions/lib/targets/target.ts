import { createHash } from 'node:crypto';
import { StorageError } from '../errors.js';

/** One object to publish, with the headers it is served with. */
export interface PublishedFile {
  path: string;
  body: string;
  contentType: string;
  /** sha256 of the body, hex; lets a target skip unchanged objects. */
  hash: string;
}

/** Where feeds are published: a folder, an S3 bucket, memory. */
export interface FeedTarget {
  /** How people see a path in messages: `public/rss.xml`, `s3://bucket/feeds/rss.xml`. */
  describe(path: string): string;
  /** The hash of what is published at `path`, or undefined when nothing is. */
  readHash(path: string): Promise<string | undefined>;
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
 * Refuses paths that could land outside the target's folder or prefix:
 * `..` segments, leading `/`, backslashes, empty segments, control characters.
 */
export function assertSafePath(path: string, where: string): void {
  const segments = path.split('/');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  const bad = /[\u0000-\u001f\\]/.test(path) || segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad || path.length > 900)
    throw new StorageError(`${where}: refused unsafe path ${JSON.stringify(path)}`);
}
