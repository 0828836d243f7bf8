/**
 * S3 event notifications delivered through SQS, shaped as AWS sends them: for the unit tests of
 * s3-events.ts and the packaged handler's end-to-end test alike.
 */
const QUEUE_ARN = 'arn:aws:sqs:eu-west-3:123456789012:feedwright-dev-ContentEventsQueue-AbC123';

let messages = 0;

/** One SQS record as Lambda delivers it from a standard queue (Lambda developer guide, "Using Lambda with Amazon SQS"). */
function sqsRecord(body: string) {
  messages += 1;
  return {
    messageId: `059f36b4-87a3-44ab-83d2-${String(messages).padStart(12, '0')}`,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'AROAEXAMPLE:S3-PROD-END',
      ApproximateFirstReceiveTimestamp: '1767225600010',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'eu-west-3',
  };
}

/** The event Lambda's SQS event source mapping passes the function: one record per queue message. */
export function sqsEvent(...bodies: string[]) {
  return { Records: bodies.map(sqsRecord) };
}

/**
 * One S3 notification record, version 2.1, as S3 sends it (S3 user guide, "Event message structure"):
 * `eventName` without the `s3:` prefix, the key URL-encoded with `+` for spaces.
 */
export function s3Record(eventName: string, encodedKey: string, bucket: string) {
  const removed = eventName.startsWith('ObjectRemoved:');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-3',
    eventTime: '2026-01-01T00:00:00.000Z',
    eventName,
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'feedwright-content',
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object: removed
        ? { key: encodedKey, sequencer: '0055AED6DCD90281E5' }
        : {
            key: encodedKey,
            size: 1024,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            sequencer: '0055AED6DCD90281E5',
          },
    },
  };
}

/** A queue message body: S3's JSON with its records. */
export const notification = (...records: unknown[]) => JSON.stringify({ Records: records });

/** A key as S3 writes it into a notification: URL-encoded as a form value, `+` for a space. */
export function encodedS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}
