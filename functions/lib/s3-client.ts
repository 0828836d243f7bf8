import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from './settings.js';

/**
 * The one place an S3Client is made. Checksums only when required: the SDK's
 * default streaming checksums break S3-compatible servers. Credentials come
 * from the SDK's default chain (the Lambda role, AWS_* variables, profiles).
 */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
}
