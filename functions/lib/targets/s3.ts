import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { StorageError } from '../errors.js';
import { listObjects } from '../s3-list.js';
import { assertSafePath, countItems, DEFAULT_CACHE_CONTROL, type FeedTarget } from './target.js';

export interface S3TargetOptions {
  /** Created by the caller (handler, CLI, tests): endpoint, credentials and retries are theirs to set. */
  client: S3Client;
  bucket: string;
  /** Key prefix, '' or ending in '/': `feeds/`. */
  prefix?: string;
  /** Cache-Control for every object; short, so readers and the CDN see new items soon. */
  cacheControl?: string;
}

/** Object metadata key holding the sha256 of the body: `x-amz-meta-sha256`. */
export const HASH_METADATA = 'sha256';
/** Object metadata key holding a feed's item count: `x-amz-meta-items`. */
export const ITEMS_METADATA = 'items';
export { DEFAULT_CACHE_CONTROL } from './target.js';

/**
 * Publishes feeds to an S3 bucket. Each object carries its Content-Type
 * (S3's default `binary/octet-stream` makes readers' parsers flag the feed),
 * a Cache-Control, and the sha256 of its body, so a run over an unchanged
 * collection writes nothing and S3 keeps ETag and Last-Modified — readers get 304s.
 *
 * @example createS3Target({ client: new S3Client({}), bucket: 'feeds', prefix: 'news/' })
 */
export function createS3Target(options: S3TargetOptions): FeedTarget {
  const { client, bucket } = options;
  const prefix = normalisePrefix(options.prefix ?? '', bucket);
  const cacheControl = options.cacheControl ?? DEFAULT_CACHE_CONTROL;
  const keyOf = (path: string) => {
    assertSafePath(path, `s3://${bucket}/${prefix}`);
    return `${prefix}${path}`;
  };
  const describe = (path: string) => `s3://${bucket}/${prefix}${path}`;

  return {
    describe,
    async readPublished(path) {
      const key = keyOf(path);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const hash = head.Metadata?.[HASH_METADATA] ?? '';
        const items = Number.parseInt(head.Metadata?.[ITEMS_METADATA] ?? '', 10);
        if (Number.isInteger(items)) return { hash, items };
        if (countItems(path, '') === undefined) return { hash };
        // Written by something else: count from the body, so the guards still know what they protect.
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const counted = countItems(path, (await object.Body?.transformToString('utf-8')) ?? '');
        return counted === undefined ? { hash } : { hash, items: counted };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw new StorageError(`${describe(path)}: cannot read what is published`, { cause: error });
      }
    },
    async readBody(path) {
      const key = keyOf(path);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await object.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        // Only a missing key is "nothing published": a missing bucket is a failure to report.
        if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === 'NoSuchKey'))
          return undefined;
        throw new StorageError(`${describe(path)}: cannot read what is published`, { cause: error });
      }
    },
    async list() {
      const objects = await listObjects(client, bucket, prefix);
      return objects.flatMap((o) => (o.Key ? [o.Key.slice(prefix.length)] : [])).sort();
    },
    async remove(path) {
      const key = keyOf(path);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw new StorageError(`${describe(path)}: cannot remove`, { cause: error });
      }
    },
    async write(file) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: keyOf(file.path),
            Body: file.body,
            ContentType: file.contentType,
            // The file's own (a final archive page's `immutable`), else the target's.
            CacheControl: file.cacheControl ?? cacheControl,
            Metadata: {
              [HASH_METADATA]: file.hash,
              ...(file.items === undefined ? {} : { [ITEMS_METADATA]: String(file.items) }),
            },
          }),
        );
      } catch (error) {
        throw new StorageError(`${describe(file.path)}: cannot write`, { cause: error });
      }
    },
  };
}

/** '' stays ''; 'feeds' becomes 'feeds/'; a prefix that could escape or is absolute is refused. */
export function normalisePrefix(prefix: string, bucket: string): string {
  if (prefix === '') return '';
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  assertSafePath(trimmed, `s3://${bucket}/`);
  return `${trimmed}/`;
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof NotFound ||
    (error instanceof S3ServiceException &&
      (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey'))
  );
}
