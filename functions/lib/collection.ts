/**
 * Where the articles and site.yml are read from: a folder, or an S3 prefix
 * laid out the same way. Used by every command and by the Lambda (through
 * compose.ts); the AWS SDK is loaded only for a collection in S3.
 */
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Config, ConfigOverrides } from './config.js';
import { loadSiteConfig, loadSiteConfigFrom } from './load-config.js';
import type { ContentSettings } from './settings.js';
import { createFsSource } from './sources/fs.js';
import type { ContentSource } from './sources/source.js';

/** The article collection and its site.yml, wherever they are. */
export interface Collection {
  source: ContentSource;
  /** Reads and validates site.yml from the same place as the articles. */
  loadConfig(overrides?: ConfigOverrides): Promise<Config>;
  /** Where it is, as people write it: `content`, `s3://newsroom/content/`. */
  location: string;
}

/**
 * The collection the settings name: an S3 prefix (CONTENT_BUCKET) or a
 * folder. `hashCacheFile` keeps the folder's content hashes between runs
 * (ignored for S3, whose ETags are the versions).
 */
export async function openCollection(
  content: ContentSettings,
  options: { client?: S3Client; hashCacheFile?: string } = {},
): Promise<Collection> {
  if (content.contentS3) {
    const { bucket, prefix } = content.contentS3;
    const { createS3Client, createS3Source } = await import('./s3-adapters.js');
    const source = createS3Source({ client: options.client ?? createS3Client(content.s3), bucket, prefix });
    return {
      source,
      loadConfig: (overrides) => loadSiteConfigFrom(() => source.readSite(), overrides),
      location: `s3://${bucket}/${prefix}`,
    };
  }
  const dir = content.contentDir;
  return {
    source: createFsSource({
      dir: path.join(dir, 'articles'),
      ...(options.hashCacheFile ? { hashCache: { file: options.hashCacheFile } } : {}),
    }),
    loadConfig: (overrides) => loadSiteConfig(dir, overrides),
    location: dir,
  };
}
