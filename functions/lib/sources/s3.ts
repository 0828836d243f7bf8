import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { StorageError } from '../errors.js';
import { listObjects } from '../s3-list.js';
import type { ContentSource, SourceEntry } from './source.js';

/**
 * Articles from an S3 prefix: every `*.md` object under `<prefix>articles/`,
 * as editors upload or replace them; the next run publishes them and drops
 * removed ones. Listing is paginated (1,000 keys a page); the version is the
 * ETag and size (`"<etag>":<size>`): S3 gives a new ETag whenever an object's
 * bytes are replaced, so an unchanged article is never read again. `stat`
 * (for a run told by an S3 event which keys changed) asks HeadObject for one
 * key and gives the same entry and version the listing would. Errors name
 * `s3://bucket/key`.
 *
 * @example createS3Source({ client, bucket: 'newsroom', prefix: 'content/' })
 */
export function createS3Source(options: {
  client: S3Client;
  bucket: string;
  prefix?: string;
}): ContentSource & {
  readSite(): Promise<{ text: string; file: string }>;
} {
  const { client, bucket } = options;
  const prefix = options.prefix ?? '';
  const articles = `${prefix}articles/`;
  const where = (key: string) => `s3://${bucket}/${key}`;
  /** Reads `key`; with `etag`, only that version (If-Match): a newer one is refused, never parsed as the old. */
  const read = async (key: string, etag?: string): Promise<Uint8Array> => {
    try {
      const object = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(etag ? { IfMatch: etag } : {}) }),
      );
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) {
        throw new StorageError(`${where(key)}: changed since it was listed; the next run reads it again`, {
          cause: error,
        });
      }
      throw new StorageError(`${where(key)}: cannot read`, { cause: error });
    }
  };
  /** The article's name when `key` is one list() gives (a `*.md` directly in articles/, not hidden). */
  const articleName = (key: string): string | undefined => {
    if (!key.startsWith(articles)) return undefined;
    const name = key.slice(articles.length);
    // Only files directly in articles/, like the folder source.
    return name.endsWith('.md') && !name.includes('/') && !name.startsWith('.')
      ? name.slice(0, -3)
      : undefined;
  };
  const entryOf = (key: string, name: string, etag: string | undefined, size: number | undefined) => ({
    key,
    name,
    file: where(key),
    ...(etag ? { version: `${etag}:${size ?? ''}` } : {}),
  });
  /**
   * Whether `key` exists, by listing with it as the prefix (the key itself
   * sorts first among the keys it begins). For a HeadObject answered 403:
   * S3 answers a missing key 403 instead of 404 to a caller without
   * s3:ListBucket, and may do so when that permission is limited by an
   * s3:prefix condition.
   */
  const exists = async (key: string): Promise<boolean> => {
    try {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
      return page.Contents?.[0]?.Key === key;
    } catch (error) {
      throw new StorageError(`${where(key)}: cannot stat (HeadObject was refused, and so was listing it)`, {
        cause: error,
      });
    }
  };
  return {
    async list() {
      const entries: SourceEntry[] = [];
      for (const object of await listObjects(client, bucket, articles)) {
        const key = object.Key ?? '';
        const name = articleName(key);
        if (name !== undefined) entries.push(entryOf(key, name, object.ETag, object.Size));
      }
      return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    read: (entry) => read(entry.key, etagOf(entry.version)),
    async stat(key) {
      const name = articleName(key);
      if (name === undefined) return undefined;
      try {
        // HeadObject's ETag and ContentLength are ListObjectsV2's ETag and Size: the same version.
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return entryOf(key, name, head.ETag, head.ContentLength);
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404) return undefined;
        if (status === 403 && !(await exists(key))) return undefined;
        throw new StorageError(`${where(key)}: cannot stat`, { cause: error });
      }
    },
    async readSite() {
      const key = `${prefix}site.yml`;
      return { text: new TextDecoder().decode(await read(key)), file: where(key) };
    },
  };
}

/** The ETag in a version made by list() (`"etag":size`), or undefined. */
function etagOf(version: string | undefined): string | undefined {
  const match = version === undefined ? null : /^(".*"):\d*$/.exec(version);
  return match?.[1];
}
