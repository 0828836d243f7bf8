import { type _Object, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from './errors.js';

/**
 * Every object under `prefix`, page by page (1,000 keys a request). Errors
 * name `s3://bucket/prefix` and keep the cause.
 *
 * @example await listObjects(client, 'feeds', 'news/') // [{ Key: 'news/rss.xml', ETag: '"…"', … }]
 */
export async function listObjects(client: S3Client, bucket: string, prefix: string): Promise<_Object[]> {
  const objects: _Object[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      objects.push(...(page.Contents ?? []));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw new StorageError(`s3://${bucket}/${prefix}: cannot list`, { cause: error });
  }
  return objects;
}
