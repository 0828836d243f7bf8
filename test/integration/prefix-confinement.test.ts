import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { publishFeeds } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createS3Target } from '../../functions/lib/targets/s3.js';
import { articleText, testConfig } from '../support/fixtures.js';
import { freshBucket, testS3Client } from '../support/s3.js';

describe('objects stay below the configured prefix', () => {
  it('whatever names the articles use for categories, tags, authors and partners', async () => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'prefix');
    const hostile = [
      '../../etc',
      '/absolute',
      '..',
      'a/../../b',
      '%2e%2e%2f',
      'C:\\windows',
      '~root',
      '.hidden',
      'x\u0000y',
    ];
    const files = Object.fromEntries(
      hostile.map((name, i) => [
        `a${i}.md`,
        articleText({
          title: `T${i}`,
          date: '2025-04-14',
          categories: [name],
          tags: [name],
          authors: [name],
        }),
      ]),
    );
    const config = testConfig('partners:\n  - name: "../../partner"\n');
    const summary = await publishFeeds(
      {
        source: createMemorySource(files),
        target: createS3Target({ client, bucket, prefix: 'feeds/' }),
        now: () => new Date('2026-01-01T00:00:00Z'),
      },
      config,
    );
    expect(summary.ok).toBe(true);
    const keys =
      (await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((o) => o.Key ?? '') ??
      [];
    expect(keys.length).toBe(summary.files.written.length);
    for (const key of keys) {
      expect(key.startsWith('feeds/'), key).toBe(true);
      expect(
        key.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''),
        key,
      ).toBe(false);
    }
  });
});
