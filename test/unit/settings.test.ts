import { describe, expect, it } from 'vitest';
import { readContentSettings, readPublishSettings } from '../../functions/lib/settings.js';

describe('readPublishSettings', () => {
  it('reads the bucket, prefix and defaults from the environment', () => {
    expect(
      readPublishSettings({
        FEEDS_BUCKET: 'news-feeds',
        FEEDS_PREFIX: 'feeds',
        LAMBDA_TASK_ROOT: '/var/task',
      }),
    ).toEqual({
      bucket: 'news-feeds',
      prefix: 'feeds/',
      state: {
        bucket: 'news-feeds',
        key: '.feedwright/feeds/run-state.json',
        indexPrefix: '.feedwright/feeds/index/',
      },
      contentDir: '/var/task/content',
      cacheControl: 'max-age=300',
      allowShrink: false,
      fullRun: false,
      // No region: the SDK's own chain (the profile's) decides, never a placeholder of ours.
      s3: { forcePathStyle: false, maxAttempts: 5, requestTimeoutMs: 30_000 },
    });
  });

  it('takes the region from AWS_REGION, else AWS_DEFAULT_REGION; a custom endpoint without one gets us-east-1', () => {
    const base = { FEEDS_BUCKET: 'b-1', FEEDS_PREFIX: 'feeds/' };
    expect(readPublishSettings({ ...base, AWS_DEFAULT_REGION: 'eu-west-3' }).s3.region).toBe('eu-west-3');
    expect(
      readPublishSettings({ ...base, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-3' }).s3.region,
    ).toBe('eu-west-1');
    expect(readPublishSettings({ ...base, S3_ENDPOINT: 'http://127.0.0.1:7480' }).s3.region).toBe(
      'us-east-1',
    );
  });

  it('uses path-style addressing for a custom endpoint unless told otherwise', () => {
    const env = {
      FEEDS_BUCKET: 'b-1',
      FEEDS_PREFIX: 'feeds/',
      S3_ENDPOINT: 'http://127.0.0.1:7480',
      AWS_REGION: 'eu-west-3',
    };
    expect(readPublishSettings(env).s3).toEqual({
      region: 'eu-west-3',
      endpoint: 'http://127.0.0.1:7480',
      forcePathStyle: true,
      maxAttempts: 5,
      requestTimeoutMs: 30_000,
    });
    expect(readPublishSettings({ ...env, S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle).toBe(false);
  });

  it.each([
    [{}, 'FEEDS_BUCKET: is required: the S3 bucket to publish the feeds to'],
    [
      { FEEDS_BUCKET: 'Bad_Bucket' },
      'FEEDS_BUCKET: must be an S3 bucket name (3-63 of a-z, 0-9, "." and "-")',
    ],
    [{ FEEDS_BUCKET: 'ok-bucket', FEEDS_URL: 'feeds.example' }, 'FEEDS_URL: must be an absolute http(s) URL'],
    [
      { FEEDS_BUCKET: 'ok-bucket', S3_FORCE_PATH_STYLE: 'yes' },
      'S3_FORCE_PATH_STYLE: must be "true" or "false"',
    ],
    [
      { FEEDS_BUCKET: 'ok-bucket', FEEDS_PREFIX: 'a/../b' },
      'FEEDS_PREFIX: "a/../b" must not contain "." or ".." segments',
    ],
  ])('names the variable at fault: %j', (env, message) => {
    expect(() => readPublishSettings(env)).toThrow(message);
  });

  it('reads articles from an S3 prefix when CONTENT_BUCKET is set', () => {
    expect(
      readPublishSettings({
        FEEDS_BUCKET: 'b-1',
        FEEDS_PREFIX: 'feeds/',
        CONTENT_BUCKET: 'newsroom',
        CONTENT_PREFIX: 'desk',
      }).contentS3,
    ).toEqual({
      bucket: 'newsroom',
      prefix: 'desk/',
    });
    expect(() =>
      readPublishSettings({
        FEEDS_BUCKET: 'b-1',
        FEEDS_PREFIX: 'feeds/',
        CONTENT_BUCKET: 'newsroom',
        CONTENT_PREFIX: '../x',
      }),
    ).toThrow('CONTENT_PREFIX: "../x" must not contain "." or ".." segments');
  });

  it('strips a leading slash from the prefix so keys never start with one', () => {
    expect(readPublishSettings({ FEEDS_BUCKET: 'b-1', FEEDS_PREFIX: '/feeds/' }).prefix).toBe('feeds/');
  });

  describe('the run state lives where readers cannot fetch it', () => {
    it('defaults to .feedwright/<feeds prefix> in the feeds bucket, outside the feeds prefix', () => {
      expect(readPublishSettings({ FEEDS_BUCKET: 'b-1', FEEDS_PREFIX: 'news/feeds' }).state).toEqual({
        bucket: 'b-1',
        key: '.feedwright/news/feeds/run-state.json',
        indexPrefix: '.feedwright/news/feeds/index/',
      });
    });

    it('takes STATE_PREFIX and STATE_BUCKET', () => {
      expect(
        readPublishSettings({ FEEDS_BUCKET: 'b-1', FEEDS_PREFIX: 'feeds/', STATE_PREFIX: 'private/fw' })
          .state,
      ).toEqual({ bucket: 'b-1', key: 'private/fw/run-state.json', indexPrefix: 'private/fw/index/' });
      expect(readPublishSettings({ FEEDS_BUCKET: 'b-1', STATE_BUCKET: 'b-state' }).state).toEqual({
        bucket: 'b-state',
        key: '.feedwright/run-state.json',
        indexPrefix: '.feedwright/index/',
      });
    });

    it('refuses a state prefix inside the feeds prefix', () => {
      expect(() =>
        readPublishSettings({ FEEDS_BUCKET: 'b-1', FEEDS_PREFIX: 'feeds/', STATE_PREFIX: 'feeds/.state/' }),
      ).toThrow('STATE_PREFIX: "feeds/.state/" is inside FEEDS_PREFIX "feeds/", which readers can fetch');
    });

    it('refuses feeds at the root of the state bucket: every key there is readable', () => {
      expect(() => readPublishSettings({ FEEDS_BUCKET: 'b-1' })).toThrow(
        'FEEDS_PREFIX: is empty, so readers may fetch every key in the bucket',
      );
    });
  });
});

describe('readContentSettings: where build and validate read the collection', () => {
  it('checks CONTENT_BUCKET and CONTENT_PREFIX as publishing does, without a feeds bucket', () => {
    expect(readContentSettings({ CONTENT_BUCKET: 'newsroom', CONTENT_PREFIX: 'desk' })).toMatchObject({
      contentS3: { bucket: 'newsroom', prefix: 'desk/' },
    });
    expect(() => readContentSettings({ CONTENT_BUCKET: 'newsroom', CONTENT_PREFIX: 'a/../b' })).toThrow(
      'CONTENT_PREFIX: "a/../b" must not contain "." or ".." segments',
    );
    expect(() => readContentSettings({ CONTENT_BUCKET: 'News_Room' })).toThrow(
      'CONTENT_BUCKET: must be an S3 bucket name',
    );
  });

  it('reads a folder when no bucket is named', () => {
    expect(readContentSettings({ CONTENT_DIR: 'site/content' })).toEqual({
      contentDir: 'site/content',
      s3: { forcePathStyle: false, maxAttempts: 5, requestTimeoutMs: 30_000 },
    });
  });
});
