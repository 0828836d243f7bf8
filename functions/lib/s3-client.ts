import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from './settings.js';

/**
 * The one place an S3Client is made. Checksums only when required: the SDK's
 * default streaming checksums break S3-compatible servers. Retries: the SDK's
 * standard mode (exponential backoff with full jitter, capped at 20 s) for
 * throttling (503 SlowDown), 500s, connection resets and timed-out requests.
 * Credentials come from the SDK's default chain (the Lambda role, AWS_*
 * variables, profiles).
 */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    ...(settings.region ? { region: settings.region } : {}),
    forcePathStyle: settings.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: settings.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: Math.min(settings.requestTimeoutMs, 5_000),
      requestTimeout: settings.requestTimeoutMs,
      // Without this the SDK only warns about a stalled response and keeps waiting; we abandon and retry it.
      throwOnRequestTimeout: true,
    },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
}
