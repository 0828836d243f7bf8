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
  /** Every article, in a stable order. */
  list(): Promise<SourceEntry[]>;
  read(entry: SourceEntry): Promise<Uint8Array>;
}
