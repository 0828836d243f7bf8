/**
 * Everything the CLI needs for S3, behind one module it imports only when a
 * command touches S3: a local build never loads the AWS SDK (it was most of
 * the CLI's start-up).
 */
export { createS3IndexStore } from './index-stores/s3.js';
export { createS3Lock } from './locks/s3.js';
export { createS3Client } from './s3-client.js';
export { createS3Source } from './sources/s3.js';
export { createS3Target } from './targets/s3.js';
