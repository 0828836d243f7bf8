/** One article as listed by a source, before it is read. */
export interface SourceEntry {
  /** The source's own key: a path below the content folder or an S3 key. */
  key: string;
  /** File name without `.md`. */
  name: string;
  /** How people see it in messages: `content/articles/rabat.md`, `s3://bucket/articles/rabat.md`. */
  file: string;
  /** Changes whenever the content does (ETag, or mtime and size); lets a run reuse what it parsed before. */
  version?: string;
}

/** Where the article collection lives. */
export interface ContentSource {
  /** Every article, in a stable order. */
  list(): Promise<SourceEntry[]>;
  read(entry: SourceEntry): Promise<Uint8Array>;
}
