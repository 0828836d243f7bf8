import { createHash } from 'node:crypto';
import { StorageError } from '../errors.js';

/** One article as listed by a source, before it is read. */
export interface SourceEntry {
  /** The source's own key: a path below the content folder or an S3 key. */
  key: string;
  /** File name without `.md`. */
  name: string;
  /** How people see it in messages: `content/articles/rabat.md`, `s3://bucket/articles/rabat.md`. */
  file: string;
  /**
   * Changes whenever the bytes do (a sha256 of the file, an S3 ETag), whatever
   * happened to mtimes; lets a run reuse what it parsed before. Undefined
   * when the source cannot tell: the entry is then read every run.
   */
  version?: string;
  /**
   * Set when the entry cannot be an article (a folder named `x.md`, a link to
   * nothing, a file that cannot be read): the run reports it with this reason
   * and skips it, and the other articles publish.
   */
  problem?: string;
}

/** Where the article collection lives. */
export interface ContentSource {
  /**
   * Every article, in a stable order. With `versionsOnRead`, the caller
   * reads every entry that comes without a version through
   * `readWithVersion` and calls `settle` at the end: a source that would
   * have to read a file to version it (a folder without a cached hash) may
   * then leave the version to that read, so a full run reads each file once.
   */
  list(options?: { versionsOnRead?: boolean }): Promise<SourceEntry[]>;
  /** The bytes and their version (the listed one, or the one they have when none was listed). */
  readWithVersion?(entry: SourceEntry): Promise<{ bytes: Uint8Array; version: string }>;
  /** Keeps what the source learned while the run read (the folder's hash cache); never throws. */
  settle?(): Promise<void>;
  /**
   * The bytes of the version that was listed, or a StorageError naming the
   * file: one changed since the listing is refused, so what a run parses is
   * always what its version says (an edit and its undo during one run must
   * not leave a stale parse under the current version).
   */
  read(entry: SourceEntry): Promise<Uint8Array>;
  /**
   * The entry `list()` would give for `key` now (same `key`, `name`, `file`,
   * and `version` in the same format, or the same `problem`), without
   * listing: for a run told by an event which keys changed. Undefined when
   * nothing is there or `key` is not an article key (not `*.md`, hidden,
   * nested, outside the articles, `site.yml`…). Throws a StorageError naming
   * the file when the source cannot tell.
   */
  stat?(key: string): Promise<SourceEntry | undefined>;
}

/** The version of bytes whose source has no version of its own (a folder, memory): a sha256. */
export function contentVersion(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Refuses bytes that are not the listed version (for sources versioned by contentVersion). */
export function assertListedVersion(entry: SourceEntry, bytes: Uint8Array): Uint8Array {
  if (entry.version !== undefined && contentVersion(bytes) !== entry.version) {
    throw new StorageError(`${entry.file}: changed since it was listed; the next run reads it again`);
  }
  return bytes;
}
