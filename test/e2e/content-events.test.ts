import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../functions/lib/pipeline.js';
import { invokePackaged, lambdaNodeBinary, packageService, scheduledEvent } from '../support/lambda.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { encodedS3Key, notification, s3Record, sqsEvent } from '../support/s3-event-records.js';
import { NOT_RUN_STATE, type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; the assertions check its shape
type Cfn = any;
type Template = {
  Conditions: Record<string, Cfn>;
  Parameters: Record<string, Cfn>;
  Resources: Record<string, { Type: string; Condition?: string; DependsOn?: string[]; Properties: Cfn }>;
};

const RABAT_TITLE = 'Morocco’s Interior Minister Holds Talks with French Peer in Rabat';
const NEW_TITLE = 'Border Talks Resume in Oujda';
/** Spaces, a plus and a non-ASCII letter: S3 notifications must carry it encoded, the run must find it decoded. */
const NEW_KEY = 'content/articles/border talks+oujda é.md';
const NEW_ARTICLE = `---
title: "${NEW_TITLE}"
date: 2025-04-16T09:00:00+01:00
id: tag:feedwright.example,2025:border-talks-oujda
categories: [Politics]
tags: [Morocco, Algeria]
---
Oujda – Officials from both sides met on Wednesday.
`;

let packaged: { packageDir: string; taskRoot: string };
let template: Template;
let proxy: S3Proxy;
let node: string;

beforeAll(async () => {
  [packaged, node] = await Promise.all([packageService(), lambdaNodeBinary()]);
  template = JSON.parse(
    await readFile(path.join(packaged.packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
  proxy = await startS3Proxy(s3Server().endpoint);
});
afterAll(async () => {
  await proxy?.close();
});

describe('serverless package: the content event path', () => {
  it('queues S3 events with a dead-letter queue and a visibility timeout of 6 x the function timeout', () => {
    const fn = only('AWS::Lambda::Function');
    const queue = template.Resources.ContentEventsQueue?.Properties;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Timeout);
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': ['ContentEventsDeadLetterQueue', 'Arn'],
    });
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(template.Resources.ContentEventsDeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
  });

  it('maps the queue to the function in large batches with a short window, only with a content bucket', () => {
    const [name, mapping] = Object.entries(template.Resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping',
    ) ?? ['', undefined];
    expect(name).toBe('PublishFeedsEventSourceMappingSQSContentEventsQueue');
    expect(mapping?.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': ['ContentEventsQueue', 'Arn'] });
    expect(mapping?.Properties.BatchSize).toBeGreaterThanOrEqual(100);
    expect(mapping?.Properties.MaximumBatchingWindowInSeconds).toBeGreaterThanOrEqual(20);
    expect(mapping?.Properties.MaximumBatchingWindowInSeconds).toBeLessThanOrEqual(60);
    expect(mapping?.Condition).toBe('ContentInS3');
    expect(mapping?.DependsOn).toContain('ContentReadPolicy');
    // Packaged with the default (no content bucket): the condition is false.
    expect(template.Parameters.ContentBucketName.Default).toBe('');
    expect(template.Conditions.ContentInS3).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ContentBucketName' }, ''] }],
    });
  });

  it('lets only S3, for the content bucket of this account, send to the queue', () => {
    const policy = template.Resources.ContentEventsQueuePolicy;
    expect(policy?.Condition).toBe('ContentInS3');
    const [statement, ...others] = policy?.Properties.PolicyDocument.Statement ?? [];
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': ['ContentEventsQueue', 'Arn'] },
    });
    expect(statement.Condition).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
      ArnEquals: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ContentBucketName}' } },
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
  });

  it('grants reading the content prefix (GetObject covers HeadObject) and listing only that prefix', () => {
    const policy = template.Resources.ContentReadPolicy;
    expect(policy?.Type).toBe('AWS::IAM::Policy');
    expect(policy?.Condition).toBe('ContentInS3');
    expect(policy?.Properties.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ContentBucketName}/${ContentPrefix}*' },
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ContentBucketName}' },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
        Condition: { StringLike: { 's3:prefix': [{ 'Fn::Sub': '${ContentPrefix}*' }] } },
      },
    ]);
    const variables = only('AWS::Lambda::Function').Environment.Variables;
    expect(variables.CONTENT_BUCKET).toEqual({
      'Fn::If': ['ContentInS3', { Ref: 'ContentBucketName' }, { Ref: 'AWS::NoValue' }],
    });
  });
});

describe('the packaged handler on Node 24, the Lambda runtime major, with content in S3', () => {
  it('publishes an uploaded article from its S3 event and drops a removed one, never listing; ignores keys outside the prefix', async () => {
    const client = testS3Client();
    const { contentBucket, feedsBucket, invoke } = await contentInS3(client);

    const first = await invoke(scheduledEvent());
    expect(first.code, first.output).toBe(0);
    expect(await getText(client, feedsBucket, 'feeds/rss.xml')).toContain(RABAT_TITLE);

    // An editor uploads an article; S3 tells the queue; Lambda hands the function the batch.
    await client.send(new PutObjectCommand({ Bucket: contentBucket, Key: NEW_KEY, Body: NEW_ARTICLE }));
    proxy.reset();
    const created = await invoke(sqsEvent(s3Notification('ObjectCreated:Put', contentBucket, NEW_KEY)));
    expect(created.code, created.output).toBe(0);
    expect(proxy.count('LIST')).toBe(0);
    for (const feed of ['feeds/rss.xml', 'feeds/categories/politics/rss.xml']) {
      const body = await getText(client, feedsBucket, feed);
      expect(body, feed).toContain(NEW_TITLE);
      expect(body, feed).toContain(RABAT_TITLE);
    }
    const log = created.logs.find((l) => l.message === 'feeds published');
    expect(log).toMatchObject({ trigger: 'content-event', contentChanges: { keys: 1, ignored: 0 } });
    expect((created.result as RunSummary).ok).toBe(true);

    // The editor deletes it.
    await client.send(new DeleteObjectCommand({ Bucket: contentBucket, Key: NEW_KEY }));
    proxy.reset();
    const removed = await invoke(sqsEvent(s3Notification('ObjectRemoved:Delete', contentBucket, NEW_KEY)));
    expect(removed.code, removed.output).toBe(0);
    expect(proxy.count('LIST')).toBe(0);
    const main = await getText(client, feedsBucket, 'feeds/rss.xml');
    expect(main).not.toContain(NEW_TITLE);
    expect(main).toContain(RABAT_TITLE);

    // Something lands beside the content prefix, and another bucket sends to the same queue: nothing changes.
    const outsideKey = 'drafts/articles/not-yet.md';
    await client.send(new PutObjectCommand({ Bucket: contentBucket, Key: outsideKey, Body: NEW_ARTICLE }));
    const before = await etags(client, feedsBucket);
    proxy.reset();
    const outside = await invoke(
      sqsEvent(
        s3Notification('ObjectCreated:Put', contentBucket, outsideKey),
        s3Notification('ObjectCreated:Put', 'someone-elses-bucket', 'content/articles/other.md'),
      ),
    );
    expect(outside.code, outside.output).toBe(0);
    expect(proxy.count('LIST')).toBe(0);
    expect(proxy.count('PUT', NOT_RUN_STATE)).toBe(0);
    expect(proxy.count('DELETE', NOT_RUN_STATE)).toBe(0);
    expect(await etags(client, feedsBucket)).toEqual(before);
    expect(await getText(client, feedsBucket, 'feeds/rss.xml')).not.toContain(NEW_TITLE);
    expect(outside.logs.find((l) => l.message === 'feeds published')).toMatchObject({
      contentChanges: { keys: 0, ignored: 2 },
    });
  }, 180_000);

  it('fails the invocation when the run an event started fails, so SQS retries the batch', async () => {
    const client = testS3Client();
    const { contentBucket, feedsBucket, invoke } = await contentInS3(client);
    const first = await invoke(scheduledEvent());
    expect(first.code, first.output).toBe(0);

    // Every article removed (the Rabat story in its three languages): the guard refuses to empty the published feeds.
    const keys = (await articleKeys()).map((name) => `content/articles/${name}`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) await client.send(new DeleteObjectCommand({ Bucket: contentBucket, Key: key }));
    const refused = await invoke(
      sqsEvent(...keys.map((key) => s3Notification('ObjectRemoved:DeleteMarkerCreated', contentBucket, key))),
    );

    expect(refused.code).toBe(1);
    expect(refused.logs.find((l) => l.message === 'feeds not fully published')).toMatchObject({
      level: 'ERROR',
      trigger: 'content-event',
    });
    expect(await getText(client, feedsBucket, 'feeds/rss.xml')).toContain(RABAT_TITLE);
  }, 120_000);

  it('runs as an ordinary run when the content is packaged (CONTENT_BUCKET unset)', async () => {
    const client = testS3Client();
    const feedsBucket = await freshBucket(client, 'events');
    const invocation = await invokePackaged({
      node,
      taskRoot: packaged.taskRoot,
      event: sqsEvent(s3Notification('ObjectCreated:Put', 'newsroom', 'content/articles/a.md')),
      env: serverEnv(feedsBucket),
    });

    expect(invocation.code, invocation.output).toBe(0);
    expect(invocation.logs.find((l) => l.message === 'feeds published')).toMatchObject({
      trigger: 'content-event',
    });
    expect(invocation.logs.some((l) => String(l.message).startsWith('content event received'))).toBe(true);
    expect(await getText(client, feedsBucket, 'feeds/rss.xml')).toContain(RABAT_TITLE);
  }, 60_000);
});

function only(type: string): Cfn {
  const found = Object.values(template.Resources).filter((r) => r.Type === type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]?.Properties;
}

/** The Lambda's environment for the local server, through the counting proxy. */
function serverEnv(feedsBucket: string, extra: Record<string, string> = {}): Record<string, string> {
  const server = s3Server();
  return {
    FEEDS_BUCKET: feedsBucket,
    FEEDS_PREFIX: 'feeds/',
    FEEDS_URL: 'https://cdn.feeds.test/feeds/',
    S3_ENDPOINT: proxy.url,
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: server.region,
    ...extra,
  };
}

async function articleKeys(): Promise<string[]> {
  return (await readdir(path.join(packaged.taskRoot, 'content/articles'))).filter((n) => n.endsWith('.md'));
}

/** The packaged collection uploaded below content/ in a fresh bucket, and a way to invoke against it. */
async function contentInS3(client: S3Client) {
  const contentBucket = await freshBucket(client, 'content');
  const feedsBucket = await freshBucket(client, 'events');
  const upload = async (relative: string) =>
    client.send(
      new PutObjectCommand({
        Bucket: contentBucket,
        Key: `content/${relative}`,
        Body: await readFile(path.join(packaged.taskRoot, 'content', relative)),
      }),
    );
  await upload('site.yml');
  for (const name of await articleKeys()) await upload(`articles/${name}`);
  const invoke = (event: unknown) =>
    invokePackaged({
      node,
      taskRoot: packaged.taskRoot,
      event,
      env: serverEnv(feedsBucket, { CONTENT_BUCKET: contentBucket, CONTENT_PREFIX: 'content/' }),
    });
  return { contentBucket, feedsBucket, invoke };
}

/** A queue message naming one key, as S3 sends it. */
function s3Notification(eventName: string, bucket: string, key: string): string {
  return notification(s3Record(eventName, encodedS3Key(key), bucket));
}

async function getText(client: S3Client, bucket: string, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}

/** The ETags of the main and category feeds, to see that nothing was rewritten. */
async function etags(client: S3Client, bucket: string): Promise<Record<string, string | undefined>> {
  const keys = ['feeds/rss.xml', 'feeds/atom.xml', 'feeds/feed.json', 'feeds/categories/politics/rss.xml'];
  const entries = await Promise.all(
    keys.map(async (Key) => [Key, (await client.send(new HeadObjectCommand({ Bucket: bucket, Key }))).ETag]),
  );
  return Object.fromEntries(entries);
}
