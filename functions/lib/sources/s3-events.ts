/**
 * Which content keys an S3 event notification says changed, from the batch of
 * SQS messages Lambda hands the function (docs/EVENTS.md).
 *
 * The shapes, as AWS documents them:
 * - The Lambda event for an SQS event source mapping is `{ Records: [...] }`,
 *   each record with `eventSource: "aws:sqs"`, `eventSourceARN`, `messageId`
 *   and the message as the string `body`
 *   (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, "Example
 *   standard queue message event").
 * - S3 sends a queue one message per event, whose body is JSON
 *   `{ "Records": [{ "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
 *   "s3": { "bucket": { "name": … }, "object": { "key": …, "size": …,
 *   "eTag": …, "sequencer": … } } }] }`; `eventName` is the event type without
 *   its `s3:` prefix: `ObjectCreated:Put|Post|Copy|CompleteMultipartUpload`,
 *   `ObjectRemoved:Delete|DeleteMarkerCreated`,
 *   `LifecycleExpiration:Delete|DeleteMarkerCreated`
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html,
 *   .../notification-how-to-event-types-and-destinations.html,
 *   .../lifecycle-configure-notification.html).
 * - "The object key name value is URL encoded. For example, "red flower.jpg"
 *   becomes "red+flower.jpg"": form encoding, so `+` is a space and a real
 *   `+` arrives as `%2B` (same page).
 * - When a notification is configured, S3 first sends a test message,
 *   `{ "Service": "Amazon S3", "Event": "s3:TestEvent", "Time": …,
 *   "Bucket": …, "RequestId": …, "HostId": … }`, with no `Records` (same page).
 * - Through an SNS topic (S3 → SNS → SQS without raw message delivery) the
 *   body is SNS's envelope `{ "Type": "Notification", "Message": "<the S3 JSON>" }`.
 *
 * Nothing here throws on what a message says: a body that is not such JSON
 * is counted as ignored (the rest of the batch still counts), so one odd
 * message never fails a batch that SQS would then retry forever.
 */

/** The content keys named by a batch, and how many messages or records named none. */
export interface ContentChanges {
  /** Decoded S3 keys in the content bucket below the content prefix: created, overwritten or removed. Sorted, unique. */
  keys: string[];
  /**
   * Messages and records that named no content key: the configuration's test
   * message, other buckets, keys outside the prefix, event types that change
   * no bytes (tagging, ACLs, restores), and bodies that are not S3
   * notifications at all.
   */
  ignored: number;
}

/** Event types after which the object's current bytes may differ: created, replaced, removed, expired. */
const CHANGE_EVENT = /^(ObjectCreated|ObjectRemoved|LifecycleExpiration):/;

/** True for the event Lambda passes from an SQS event source mapping. */
export function isSqsEvent(event: unknown): event is { Records: Array<Record<string, unknown>> } {
  if (!isObject(event) || !Array.isArray(event.Records) || event.Records.length === 0) return false;
  return event.Records.every((record) => isObject(record) && record.eventSource === 'aws:sqs');
}

/**
 * The content keys an SQS batch of S3 notifications names; undefined when
 * `event` is not an SQS event.
 *
 * @example contentChangesFromEvent(sqsEvent, { bucket: 'newsroom', prefix: 'content/' })
 *   // { keys: ['content/articles/a b.md'], ignored: 1 }
 */
export function contentChangesFromEvent(
  event: unknown,
  content: { bucket: string; prefix: string },
): ContentChanges | undefined {
  if (!isSqsEvent(event)) return undefined;
  const keys = new Set<string>();
  let ignored = 0;
  for (const message of event.Records) {
    const records = s3RecordsOf(message.body);
    if (records === undefined || records.length === 0) {
      ignored += 1;
      continue;
    }
    for (const record of records) {
      const key = changedKey(record, content);
      if (key === undefined) ignored += 1;
      else keys.add(key);
    }
  }
  return { keys: [...keys].sort(), ignored };
}

/** The S3 records in one message body; undefined for a test message or a body that is not a notification. */
function s3RecordsOf(body: unknown): unknown[] | undefined {
  let parsed = parseJson(body);
  // S3 → SNS → SQS: the notification is the envelope's Message.
  if (isObject(parsed) && parsed.Type === 'Notification' && typeof parsed.Message === 'string') {
    parsed = parseJson(parsed.Message);
  }
  // The s3:TestEvent has no Records, so it falls out here too.
  return isObject(parsed) && Array.isArray(parsed.Records) ? parsed.Records : undefined;
}

/** The decoded key of one S3 record, when it is a change to an object below the content prefix. */
function changedKey(record: unknown, content: { bucket: string; prefix: string }): string | undefined {
  if (!isObject(record) || record.eventSource !== 'aws:s3') return undefined;
  if (typeof record.eventName !== 'string' || !CHANGE_EVENT.test(record.eventName)) return undefined;
  const s3 = isObject(record.s3) ? record.s3 : undefined;
  const bucket = s3 && isObject(s3.bucket) ? s3.bucket.name : undefined;
  const object = s3 && isObject(s3.object) ? s3.object : undefined;
  if (bucket !== content.bucket || !object || typeof object.key !== 'string') return undefined;
  const key = decodeKey(object.key);
  return key?.startsWith(content.prefix) ? key : undefined;
}

/** `a+b%2B%C3%A9.md` → `a b+é.md`; undefined for a broken escape. */
function decodeKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
