/**
 * The S3 half of reading a collection, behind one module loaded only when
 * the collection is in a bucket: a local build never loads the AWS SDK (it
 * was most of the CLI's start-up).
 */
export { createS3Client } from './s3-client.js';
export { createS3Source } from './sources/s3.js';
