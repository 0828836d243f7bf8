import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { StorageError } from '../errors.js';
import type { IndexStore } from '../run-index.js';

/**
 * Run-index shards as S3 objects below the private state prefix
 * (`.feedwright/feeds/index/<id>.jsonl`), beside the run-state object and
 * like it out of the distribution's reach. Names are content hashes, so an
 * object is written once and never changed.
 *
 * @example createS3IndexStore({ client, bucket: 'feeds', prefix: '.feedwright/feeds/index/' })
 */
export function createS3IndexStore(options: {
  client: S3Client;
  bucket: string;
  prefix: string;
}): IndexStore {
  const { client, bucket, prefix } = options;
  const key = (id: string) => `${prefix}${id}.jsonl`;
  return {
    where: `s3://${bucket}/${prefix}`,
    async get(id) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(id) }));
        return (await object.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
        throw new StorageError(`s3://${bucket}/${key(id)}: cannot read`, { cause: error });
      }
    },
    async put(id, text) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key(id),
            Body: text,
            ContentType: 'application/x-ndjson; charset=utf-8',
            CacheControl: 'no-store',
          }),
        );
      } catch (error) {
        throw new StorageError(`s3://${bucket}/${key(id)}: cannot write`, { cause: error });
      }
    },
    async remove(id) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(id) }));
    },
  };
}
