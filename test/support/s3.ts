import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inject, vi } from 'vitest';

/** The local S3 server the global setup started (or found). */
export function s3Server() {
  return inject('s3');
}

/**
 * Points the AWS SDK's default credential and region chain at the local
 * server, as a person's shell would for `feedwright publish` (undone by
 * `vi.unstubAllEnvs()`).
 */
export function stubS3ServerEnv(): void {
  const server = s3Server();
  vi.stubEnv('AWS_ACCESS_KEY_ID', server.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', server.secretAccessKey);
  vi.stubEnv('AWS_REGION', server.region);
}

/** A client for the local server, made as the product makes its own (checksums only when required). */
export function testS3Client(endpoint = s3Server().endpoint): S3Client {
  const server = s3Server();
  return new S3Client({
    endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

let counter = 0;

/** A new, empty bucket with a unique name; tests never share one. */
export async function freshBucket(client: S3Client, label = 'test'): Promise<string> {
  counter += 1;
  const bucket = `fw-${label}-${process.pid}-${Date.now().toString(36)}-${counter}`
    .toLowerCase()
    .slice(0, 63);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}
