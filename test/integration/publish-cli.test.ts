import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli.js';
import { freshBucket, s3Server, stubS3ServerEnv, testS3Client } from '../support/s3.js';
import { NOT_RUN_STATE, RUN_STATE, type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

let proxy: S3Proxy;
beforeAll(async () => {
  proxy = await startS3Proxy(s3Server().endpoint);
});
afterAll(() => proxy.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

async function cli(args: string[]) {
  const lines: string[] = [];
  const code = await main(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

describe('feedwright publish', () => {
  it('publishes content/ to a bucket on an S3-compatible server, then writes nothing the second time', async () => {
    stubS3ServerEnv();
    const client = testS3Client();
    const bucket = await freshBucket(client, 'cli');
    const args = [
      'publish',
      '--bucket',
      bucket,
      '--prefix',
      'news/',
      '--endpoint',
      proxy.url,
      '--now',
      '2026-01-01T00:00:00Z',
    ];

    proxy.reset();
    const first = await cli(args);
    expect(first.code).toBe(0);
    const written = Number(/(\d+) file\(s\) written, 0 unchanged, 0 refused/.exec(first.output)?.[1]);
    expect(written).toBeGreaterThanOrEqual(3);
    expect(first.output).toContain(`Feeds are in s3://${bucket}/news/`);
    expect(proxy.count('PUT', NOT_RUN_STATE)).toBe(written);
    // The run-state object, claimed before the first write and released after the last.
    expect(proxy.count('PUT', RUN_STATE)).toBeGreaterThanOrEqual(2);
    const rss = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'news/rss.xml' }));
    expect(rss.ContentType).toBe('application/rss+xml; charset=utf-8');

    proxy.reset();
    const second = await cli(args);
    expect(second.output).toContain(`0 file(s) written, ${written} unchanged, 0 refused`);
    expect(proxy.count('PUT')).toBe(0);
  });

  it('names the missing setting', async () => {
    vi.stubEnv('FEEDS_BUCKET', '');
    const result = await cli(['publish']);
    expect(result.code).toBe(1);
    expect(result.output).toBe(
      'feedwright: FEEDS_BUCKET: must be an S3 bucket name (3-63 of a-z, 0-9, "." and "-")',
    );
  });
});
