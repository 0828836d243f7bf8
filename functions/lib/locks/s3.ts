import { GetObjectCommand, PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from '../errors.js';
import {
  DEFAULT_LOCK_TTL_MS,
  holdsLease,
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
 * PUT. An expired lease is free (see `holdsLease`).
 *
 * @example createS3Lock({ client, bucket: 'feeds', key: '.feedwright/feeds/run-state.json' })
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

  /**
   * A conditional PUT; false when the condition failed. That is someone else
   * writing first — or our own write, when its response was lost and the SDK
   * sent it again: callers read the state to tell which.
   */
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
    async peek() {
      // The same GET as begin's, and nothing else.
      const state = await read();
      const holder = state?.holder;
      return {
        ...(state?.manifest === undefined ? {} : { manifest: state.manifest }),
        ...(holder && holdsLease(holder, clock(), ttlMs) ? { busy: holder } : {}),
      };
    },
    async begin(runId) {
      const now = clock();
      const state = await read();
      const holder = state?.holder;
      if (holder && holdsLease(holder, now, ttlMs)) return { busy: holder };
      const mine = lockRecord(runId, now, ttlMs);
      let claimedEtag: string | undefined;
      return {
        session: {
          ...(state?.manifest === undefined ? {} : { manifest: state.manifest }),
          // A holder still in the state never ended its run: this run takes its lease over.
          ...(holder ? { tookOverFrom: holder } : {}),
          async claim() {
            // The claim is small: the manifest is written back only when the run ends.
            const etag = await write(
              { holder: mine, ...(state?.last ? { last: state.last } : {}) },
              state?.etag,
            );
            if (etag !== false) {
              claimedEtag = etag;
              return { claimed: true };
            }
            const current = await read();
            // Our own claim, whose response was lost: the SDK's retry of it failed its condition.
            if (current?.holder?.runId === runId) {
              claimedEtag = current.etag;
              return { claimed: true };
            }
            // Someone claimed since we began: name them (still running, or the last to finish).
            return { claimed: false, holder: current?.holder ?? current?.last ?? mine };
          },
          async end(manifest) {
            // Unclaimed runs store a manifest only on the state they read (nobody ran since).
            if (claimedEtag === undefined && manifest === undefined) return false;
            const etag = claimedEtag ?? state?.etag;
            const last = claimedEtag === undefined ? state?.last : mine;
            try {
              // False when the condition failed: a newer run wrote since, or our own retried write
              // already did (its response was lost). Either way there is nothing left to do.
              const written = await write(
                { ...(last ? { last } : {}), ...(manifest === undefined ? {} : { manifest }) },
                etag,
              );
              if (manifest === undefined) return false;
              if (written !== false) return true;
              // Our own write, whose response was lost, stored it if the state names this run as the last.
              return claimedEtag !== undefined && (await read())?.last?.runId === runId;
            } catch {
              // The lease expires by itself; failing to release must not fail a run that published.
              return false;
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
