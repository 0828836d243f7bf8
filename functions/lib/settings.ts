import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { DEFAULT_CACHE_CONTROL } from './targets/target.js';
import { describeIssues, isHttpUrl } from './validation.js';

/** Where the collection is: a folder, or an S3 prefix laid out the same way (site.yml, articles/). */
export interface ContentSettings {
  contentDir: string;
  /** Articles and site.yml from an S3 prefix instead of contentDir (CONTENT_BUCKET, CONTENT_PREFIX). */
  contentS3?: { bucket: string; prefix: string };
  s3: S3Settings;
}

/** Where and how to publish to S3; read once from the environment (Lambda) or flags (CLI). */
export interface PublishSettings extends ContentSettings {
  bucket: string;
  prefix: string;
  /**
   * Where the run state lives: never below the feeds prefix, which readers
   * can fetch (it names embargoed titles, drafts and partners' secret paths).
   */
  /** The run-state object, and the prefix of the run index's shards beside it (`<state prefix>index/`). */
  state: { bucket: string; key: string; indexPrefix: string };
  /** Ignore the manifest this run (FULL_RUN=true). */
  fullRun: boolean;
  cacheControl: string;
  /** Replace site.yml's feeds_url/home_url, e.g. with the CDN's domain from the stack outputs. */
  feedsUrl?: string;
  homeUrl?: string;
  /** Let this run shrink or empty published feeds (the guards' override). */
  allowShrink: boolean;
}

export interface S3Settings {
  /**
   * AWS_REGION or AWS_DEFAULT_REGION; unset, the SDK's own chain decides (the
   * profile's region). A server at a custom endpoint without one gets
   * us-east-1, which S3-compatible servers accept.
   */
  region?: string;
  /** For S3-compatible servers (the local test server); unset on AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Attempts per request, first included: throttling, 5xx, resets and timeouts are retried with backoff and jitter. */
  maxAttempts: number;
  /** A response slower than this is abandoned and retried. */
  requestTimeoutMs: number;
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalText.refine((v) => v === undefined || isHttpUrl(v), {
  error: 'must be an absolute http(s) URL',
});

const envSchema = z.object({
  FEEDS_BUCKET: z
    .string({ error: 'is required: the S3 bucket to publish the feeds to' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 of a-z, 0-9, "." and "-")'),
  FEEDS_PREFIX: optionalText,
  STATE_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 of a-z, 0-9, "." and "-")')
    .optional(),
  STATE_PREFIX: optionalText,
  CONTENT_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 of a-z, 0-9, "." and "-")')
    .optional(),
  CONTENT_PREFIX: optionalText,
  FULL_RUN: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
  CONTENT_DIR: optionalText,
  CACHE_CONTROL: optionalText,
  FEEDS_URL: optionalUrl,
  HOME_URL: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
  S3_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20')
    .optional(),
  S3_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100, 'must be at least 100').max(300_000).optional(),
  ALLOW_SHRINK: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
  LAMBDA_TASK_ROOT: optionalText,
});

/**
 * Validates the environment once; an error names the variable:
 * `FEEDS_BUCKET: is required: the S3 bucket to publish the feeds to`.
 */
export function readPublishSettings(env: Record<string, string | undefined>): PublishSettings {
  const e = parseEnvironment(envSchema, env);
  const prefix = normalisePrefixVariable('FEEDS_PREFIX', e.FEEDS_PREFIX);
  return {
    bucket: e.FEEDS_BUCKET,
    prefix,
    state: stateLocation(e.FEEDS_BUCKET, prefix, e.STATE_BUCKET, e.STATE_PREFIX),
    cacheControl: e.CACHE_CONTROL ?? DEFAULT_CACHE_CONTROL,
    ...(e.FEEDS_URL ? { feedsUrl: e.FEEDS_URL } : {}),
    ...(e.HOME_URL ? { homeUrl: e.HOME_URL } : {}),
    allowShrink: e.ALLOW_SHRINK === 'true',
    fullRun: e.FULL_RUN === 'true',
    ...contentSettingsFrom(e),
  };
}

const contentEnvSchema = envSchema.pick({
  CONTENT_DIR: true,
  CONTENT_BUCKET: true,
  CONTENT_PREFIX: true,
  LAMBDA_TASK_ROOT: true,
  S3_ENDPOINT: true,
  S3_FORCE_PATH_STYLE: true,
  S3_MAX_ATTEMPTS: true,
  S3_REQUEST_TIMEOUT_MS: true,
  AWS_REGION: true,
  AWS_DEFAULT_REGION: true,
});

/**
 * Where the collection is, and the S3 client's settings should it be in a
 * bucket: for reading content without publishing (`build`, `validate`).
 * The same variables, checks and messages as readPublishSettings.
 */
export function readContentSettings(env: Record<string, string | undefined>): ContentSettings {
  return contentSettingsFrom(parseEnvironment(contentEnvSchema, env));
}

function contentSettingsFrom(e: z.infer<typeof contentEnvSchema>): ContentSettings {
  return {
    contentDir: e.CONTENT_DIR ?? path.join(e.LAMBDA_TASK_ROOT ?? process.cwd(), 'content'),
    ...(e.CONTENT_BUCKET
      ? {
          contentS3: {
            bucket: e.CONTENT_BUCKET,
            prefix: normalisePrefixVariable('CONTENT_PREFIX', e.CONTENT_PREFIX),
          },
        }
      : {}),
    s3: s3SettingsFrom(e),
  };
}

/** Parses the environment with `schema`; the error names every variable at fault, one per line. */
function parseEnvironment<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    describeIssues(parsed.error)
      .map(({ field, reason }) => `${field}: ${reason}`)
      .join('\n'),
  );
}

function s3SettingsFrom(e: z.infer<typeof contentEnvSchema>): S3Settings {
  const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? (e.S3_ENDPOINT ? 'us-east-1' : undefined);
  return {
    maxAttempts: e.S3_MAX_ATTEMPTS ?? 5,
    requestTimeoutMs: e.S3_REQUEST_TIMEOUT_MS ?? 30_000,
    ...(region ? { region } : {}),
    ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
    forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === 'true' : e.S3_ENDPOINT !== undefined,
  };
}

function normalisePrefixVariable(variable: string, prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '');
  if (trimmed.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new ConfigError(`${variable}: ${JSON.stringify(prefix)} must not contain "." or ".." segments`);
  }
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The run-state object's name below the state prefix. */
export const RUN_STATE_NAME = 'run-state.json';

/** The run index's shards, below the state prefix. */
export const INDEX_FOLDER = 'index/';

/**
 * The run state's bucket and key: by default `.feedwright/<feeds prefix>`
 * in the feeds bucket, beside the feeds and outside what the distribution
 * may read. A location readers could reach is refused, naming the variable.
 */
function stateLocation(
  feedsBucket: string,
  feedsPrefix: string,
  stateBucket: string | undefined,
  statePrefix: string | undefined,
): PublishSettings['state'] {
  const bucket = stateBucket ?? feedsBucket;
  const prefix =
    statePrefix === undefined
      ? `.feedwright/${feedsPrefix}`
      : normalisePrefixVariable('STATE_PREFIX', statePrefix);
  if (bucket === feedsBucket) {
    if (feedsPrefix === '') {
      throw new ConfigError(
        'FEEDS_PREFIX: is empty, so readers may fetch every key in the bucket and the run state has no private place; publish below a prefix (e.g. feeds/) or set STATE_BUCKET to another bucket',
      );
    }
    if (prefix.startsWith(feedsPrefix)) {
      throw new ConfigError(
        `STATE_PREFIX: ${JSON.stringify(prefix)} is inside FEEDS_PREFIX ${JSON.stringify(feedsPrefix)}, which readers can fetch; keep the run state outside it`,
      );
    }
  }
  return { bucket, key: `${prefix}${RUN_STATE_NAME}`, indexPrefix: `${prefix}${INDEX_FOLDER}` };
}
