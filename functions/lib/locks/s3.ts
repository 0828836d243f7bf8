import { GetObjectCommand, PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from '../errors.js';
import {
  DEFAULT_LOCK_TTL_MS,
  isActive,
  lockRecord,
  parseRunState,
  type RunLock,
  type RunState,
} from './lock.js';

/**
 * The run lock as a small S3 object, with optimistic concurrency: `begin`
 * reads it and remembers its ETag; `claim` writes the lease with `If-Match`
 * on that ETag (or `If-None-Match: *` when there was none), so of several
 * runs exactly one claims, and a run that began before another's claim can
 * never claim afterwards. A run with nothing to change makes one GET and no
 * PUT. An expired lease is free.
 *
 * @example createS3Lock({ client, bucket: 'feeds', key: 'feeds/.feedwright/run-state.json' })
 */
export function createS3Lock(options: {
  client: S3Client;
  bucket: string;
  key: string;
  ttlMs?: number;
  /** The real clock; never the run's `now`. */
  clock?: () => Date;
}): RunLock {
  const { client, bucket, key } = options;
  const clock = options.clock ?? (() => new Date());
  const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const where = `s3://${bucket}/${key}`;

  const read = async (): Promise<(RunState & { etag: string }) | undefined> => {
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        ...parseRunState((await object.Body?.transformToString('utf-8')) ?? ''),
        etag: object.ETag ?? '',
      };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw new StorageError(`${where}: cannot read the run state`, { cause: error });
    }
  };

  /** A conditional PUT; false when the condition failed (someone else wrote first). */
  const write = async (state: RunState, etag: string | undefined): Promise<string | false> => {
    // AWS takes a quoted ETag in If-Match; Ceph RGW answers 412 to a quoted one and takes it bare.
    const conditions =
      etag === undefined
        ? [{ IfNoneMatch: '*' }]
        : [{ IfMatch: etag }, { IfMatch: etag.replace(/^"|"$/g, '') }];
    for (const condition of conditions) {
      try {
        const result = await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(state),
            ContentType: 'application/json',
            CacheControl: 'no-store',
            ...condition,
          }),
        );
        return result.ETag ?? '';
      } catch (error) {
        if (!isStatus(error, 412) && !isStatus(error, 409)) {
          throw new StorageError(`${where}: cannot write the run state`, { cause: error });
        }
      }
    }
    return false;
  };

  return {
    async begin(runId) {
      const now = clock();
      const state = await read();
      if (isActive(state?.holder, now)) return { busy: state.holder };
      const mine = lockRecord(runId, now, ttlMs);
      let claimedEtag: string | undefined;
      return {
        session: {
          ...(state?.manifest === undefined ? {} : { manifest: state.manifest }),
          async claim() {
            // The claim is small: the manifest is written back only when the run ends.
            const etag = await write(
              { holder: mine, ...(state?.last ? { last: state.last } : {}) },
              state?.etag,
            );
            if (etag === false) {
              // Someone claimed since we began: name them (still running, or the last to finish).
              const current = await read();
              return { claimed: false, holder: current?.holder ?? current?.last ?? mine };
            }
            claimedEtag = etag;
            return { claimed: true };
          },
          async end(manifest) {
            // Unclaimed runs store a manifest only on the state they read (nobody ran since).
            const etag = claimedEtag ?? state?.etag;
            if (claimedEtag === undefined && manifest === undefined) return;
            try {
              const last = claimedEtag === undefined ? state?.last : mine;
              await write(
                { ...(last ? { last } : {}), ...(manifest === undefined ? {} : { manifest }) },
                etag,
              );
            } catch {
              // The lease expires by itself; failing to release must not fail a run that published.
            }
          },
        },
      };
    },
  };
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}
