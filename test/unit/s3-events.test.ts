import { describe, expect, it } from 'vitest';
import { contentChangesFromEvent, isSqsEvent } from '../../functions/lib/sources/s3-events.js';
import { notification, s3Record as record, sqsEvent } from '../support/s3-event-records.js';

const CONTENT = { bucket: 'newsroom-content', prefix: 'content/' };
/** A record in the content bucket unless another is named. */
const s3Record = (eventName: string, encodedKey: string, bucket = CONTENT.bucket) =>
  record(eventName, encodedKey, bucket);

/** The message S3 sends when a notification configuration is saved. */
const TEST_EVENT = JSON.stringify({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-01-01T00:00:00.089Z',
  Bucket: CONTENT.bucket,
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
});

describe('contentChangesFromEvent', () => {
  it('is undefined for anything that is not an SQS batch: a schedule, a manual invoke, a direct S3 event', () => {
    const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    const direct = JSON.parse(notification(s3Record('ObjectCreated:Put', 'content/articles/a.md')));
    for (const event of [scheduled, {}, { allowShrink: true }, null, 'x', { Records: [] }, direct]) {
      expect(contentChangesFromEvent(event, CONTENT)).toBeUndefined();
      expect(isSqsEvent(event)).toBe(false);
    }
  });

  it('names the keys created, completed, removed and delete-marked, each once, sorted', () => {
    const event = sqsEvent(
      notification(s3Record('ObjectCreated:Put', 'content/articles/rabat.md')),
      notification(s3Record('ObjectCreated:CompleteMultipartUpload', 'content/articles/agadir.md')),
      notification(s3Record('ObjectRemoved:Delete', 'content/articles/old.md')),
      notification(s3Record('ObjectRemoved:DeleteMarkerCreated', 'content/articles/hidden.md')),
      notification(s3Record('ObjectCreated:Copy', 'content/site.yml')),
      notification(s3Record('LifecycleExpiration:Delete', 'content/articles/expired.md')),
    );

    expect(contentChangesFromEvent(event, CONTENT)).toEqual({
      keys: [
        'content/articles/agadir.md',
        'content/articles/expired.md',
        'content/articles/hidden.md',
        'content/articles/old.md',
        'content/articles/rabat.md',
        'content/site.yml',
      ],
      ignored: 0,
    });
  });

  it('decodes keys: + is a space, %2B a plus, UTF-8 escapes are Unicode', () => {
    const event = sqsEvent(
      notification(
        s3Record('ObjectCreated:Put', 'content/articles/red+flower.md'),
        s3Record('ObjectCreated:Put', 'content/articles/c%2B%2B+notes.md'),
        s3Record('ObjectCreated:Put', 'content/articles/%C3%A9conomie+%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9.md'),
        s3Record('ObjectCreated:Put', 'content/articles/100%25+done.md'),
      ),
    );

    expect(contentChangesFromEvent(event, CONTENT)?.keys).toEqual([
      'content/articles/100% done.md',
      'content/articles/c++ notes.md',
      'content/articles/red flower.md',
      'content/articles/économie سياسة.md',
    ]);
  });

  it('dedupes a key named by several events, in one message or across the batch', () => {
    const key = 'content/articles/a.md';
    const event = sqsEvent(
      notification(s3Record('ObjectCreated:Put', key), s3Record('ObjectCreated:Put', key)),
      notification(s3Record('ObjectRemoved:Delete', key)),
      notification(s3Record('ObjectCreated:Put', 'content/articles/a.md')),
    );

    expect(contentChangesFromEvent(event, CONTENT)).toEqual({ keys: [key], ignored: 0 });
  });

  it('ignores the test message S3 sends when the notification is configured', () => {
    expect(contentChangesFromEvent(sqsEvent(TEST_EVENT), CONTENT)).toEqual({ keys: [], ignored: 1 });
  });

  it('ignores other buckets, keys outside the prefix and events that change no bytes', () => {
    const event = sqsEvent(
      notification(s3Record('ObjectCreated:Put', 'content/articles/a.md', 'someone-elses-bucket')),
      notification(s3Record('ObjectCreated:Put', 'drafts/articles/b.md')),
      // Prefix means the key's start, as a string: content-old/ is not below content/.
      notification(s3Record('ObjectCreated:Put', 'content-old/articles/c.md')),
      notification(s3Record('ObjectTagging:Put', 'content/articles/d.md')),
      notification(s3Record('ObjectRestore:Completed', 'content/articles/e.md')),
      notification(s3Record('ObjectCreated:Put', 'content/articles/kept.md')),
    );

    expect(contentChangesFromEvent(event, CONTENT)).toEqual({
      keys: ['content/articles/kept.md'],
      ignored: 5,
    });
  });

  it('decodes before comparing with the prefix', () => {
    const event = sqsEvent(notification(s3Record('ObjectCreated:Put', 'my+content/articles/a.md')));

    expect(contentChangesFromEvent(event, { bucket: CONTENT.bucket, prefix: 'my content/' })?.keys).toEqual([
      'my content/articles/a.md',
    ]);
    expect(contentChangesFromEvent(event, { bucket: CONTENT.bucket, prefix: 'my+content/' })?.keys).toEqual(
      [],
    );
  });

  it('keeps every key of the bucket when the prefix is empty', () => {
    const event = sqsEvent(notification(s3Record('ObjectCreated:Put', 'articles/a.md')));

    expect(contentChangesFromEvent(event, { bucket: CONTENT.bucket, prefix: '' })?.keys).toEqual([
      'articles/a.md',
    ]);
  });

  it('counts malformed messages as ignored and never throws; the rest of the batch still counts', () => {
    const event = sqsEvent(
      '{"Records": [',
      'not json at all',
      '',
      'null',
      '[]',
      JSON.stringify({ Records: 'nope' }),
      JSON.stringify({ Records: [] }),
      notification(
        null,
        42,
        { eventSource: 'aws:s3' },
        { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' },
      ),
      notification({
        ...s3Record('ObjectCreated:Put', 'x'),
        s3: { bucket: { name: CONTENT.bucket }, object: {} },
      }),
      notification(s3Record('ObjectCreated:Put', 'content/articles/broken%E0%A4%A.md')),
      notification(s3Record('ObjectCreated:Put', 'content/articles/good.md')),
    );
    const withoutBody = { Records: [{ ...sqsEvent('').Records[0], body: undefined }] };

    expect(contentChangesFromEvent(event, CONTENT)).toEqual({
      keys: ['content/articles/good.md'],
      ignored: 7 + 4 + 1 + 1,
    });
    expect(contentChangesFromEvent(withoutBody, CONTENT)).toEqual({ keys: [], ignored: 1 });
  });

  it('reads a notification that came through an SNS topic (the envelope without raw delivery)', () => {
    const envelope = (message: string) =>
      JSON.stringify({
        Type: 'Notification',
        MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
        TopicArn: 'arn:aws:sns:eu-west-3:123456789012:content-events',
        Subject: 'Amazon S3 Notification',
        Message: message,
        Timestamp: '2026-01-01T00:00:00.000Z',
        SignatureVersion: '1',
      });
    const event = sqsEvent(
      envelope(notification(s3Record('ObjectCreated:Put', 'content/articles/via+sns.md'))),
      envelope(TEST_EVENT),
    );

    expect(contentChangesFromEvent(event, CONTENT)).toEqual({
      keys: ['content/articles/via sns.md'],
      ignored: 1,
    });
  });
});
