/**
 * The one place settings become adapters. The Lambda handler and
 * `feedwright publish` both publish through composeS3Publisher, so the CLI
 * does what the function does: the same settings schema (prefixes checked
 * once, in settings.ts), the same S3 client, and the target, lease and
 * index under the same keys.
 *
 * It imports the AWS SDK: the CLI loads it only for a command that touches
 * S3 (a local build never does; that was most of the CLI's start-up).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { type Collection, openCollection } from './collection.js';
import type { Config, ConfigOverrides } from './config.js';
import { createS3IndexStore } from './index-stores/s3.js';
import type { RunLock } from './locks/lock.js';
import { createS3Lock } from './locks/s3.js';
import type { IndexStore } from './run-index.js';
import { createS3Client } from './s3-client.js';
import type { PublishSettings } from './settings.js';
import { createS3Target } from './targets/s3.js';
import type { FeedTarget } from './targets/target.js';

/** Everything a publishing run needs, built from one set of settings. */
export interface S3Publisher {
  collection: Collection;
  target: FeedTarget;
  lock: RunLock;
  index: IndexStore;
  /** site.yml with the settings' feeds_url / home_url overrides applied. */
  loadConfig(): Promise<Config>;
}

/**
 * The adapters of a run that publishes to S3: feeds below the prefix, the
 * run state and its index where the settings put them, the collection from
 * its folder or prefix, all through one client.
 *
 * @example composeS3Publisher(readPublishSettings(process.env))
 */
export async function composeS3Publisher(
  settings: PublishSettings,
  options: { client?: S3Client; hashCacheFile?: string } = {},
): Promise<S3Publisher> {
  const client = options.client ?? createS3Client(settings.s3);
  const collection = await openCollection(settings, { ...options, client });
  const overrides: ConfigOverrides = {
    ...(settings.feedsUrl ? { feedsUrl: settings.feedsUrl } : {}),
    ...(settings.homeUrl ? { homeUrl: settings.homeUrl } : {}),
  };
  return {
    collection,
    target: createS3Target({
      client,
      bucket: settings.bucket,
      prefix: settings.prefix,
      cacheControl: settings.cacheControl,
    }),
    lock: createS3Lock({ client, bucket: settings.state.bucket, key: settings.state.key }),
    index: createS3IndexStore({ client, bucket: settings.state.bucket, prefix: settings.state.indexPrefix }),
    loadConfig: () => collection.loadConfig(overrides),
  };
}
