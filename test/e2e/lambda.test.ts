import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../functions/lib/pipeline.js';
import { BUSY_MESSAGE } from '../../functions/publish-feeds.js';
import { invokePackaged, lambdaNodeBinary, packageService, scheduledEvent } from '../support/lambda.js';
import { parseWithFeedparser } from '../support/readers.js';
import { freshBucket, s3Server, testS3Client } from '../support/s3.js';
import { NOT_RUN_STATE, RUN_STATE, type S3Proxy, startS3Proxy } from '../support/s3-proxy.js';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; the assertions check its shape
type Cfn = any;
const run = promisify(execFile);
const { computeCodeIdentity } = createRequire(import.meta.url)('../../scripts/code-identity.cjs') as {
  computeCodeIdentity(root: string): string;
};
type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

const RABAT_TITLE = 'Morocco’s Interior Minister Holds Talks with French Peer in Rabat';
const RABAT_ID = 'tag:feedwright.example,2025:morocco-interior-minister-talks-french-peer-rabat';
let packaged: { packageDir: string; taskRoot: string };
let template: Template;
let proxy: S3Proxy;

beforeAll(async () => {
  packaged = await packageService();
  template = JSON.parse(
    await readFile(path.join(packaged.packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
  proxy = await startS3Proxy(s3Server().endpoint);
});
afterAll(async () => {
  await proxy?.close();
});

/** The Lambda's environment for the local server: its credentials, the bucket, and what the test adds. */
function serverEnv(bucket: string, extra: Record<string, string> = {}): Record<string, string> {
  const server = s3Server();
  return {
    FEEDS_BUCKET: bucket,
    S3_ENDPOINT: server.endpoint,
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: server.region,
    ...extra,
  };
}

function resourcesOfType(type: string) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

function only(type: string) {
  const found = resourcesOfType(type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]?.[1].Properties as Record<string, Cfn>;
}

describe('serverless package: the CloudFormation template', () => {
  it('passes cfn-lint with no error and no warning', async () => {
    const file = path.join(packaged.packageDir, 'cloudformation-template-update-stack.json');
    const linted = await run('cfn-lint', [file]).then(
      ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
      (error: { code?: number | string; stdout?: string; stderr?: string }) => ({
        code: error.code,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    // ENOENT: cfn-lint is not installed (pip install cfn-lint; this machine image has it).
    expect(linted).toEqual({ code: 0, output: '' });
  });

  it('deploys to the region of --region, else AWS_REGION', async () => {
    const { stdout } = await run('npx', ['serverless', 'print', '--path', 'provider.region'], {
      env: { ...process.env, AWS_REGION: 'us-west-2', SLS_TELEMETRY_DISABLED: '1' },
    });
    expect(stdout.trim()).toBe('us-west-2');
  });

  it('keeps the feeds bucket when the stack is removed or replaced', () => {
    const bucket = template.Resources.FeedsBucket as unknown as Record<string, unknown>;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
  });

  it('names the origin access control per stack and region, and sends CORS headers for browser readers', () => {
    const oac = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.OriginAccessControlConfig.Name).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
      'Fn::Sub': '${AWS::StackName}-${AWS::Region}-feeds',
    });
    const distribution = only('AWS::CloudFront::Distribution');
    // The managed SimpleCORS policy: Access-Control-Allow-Origin: *, no credentials.
    expect(distribution.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toBe(
      '60669652-455b-4ae9-85a4-c4c02393f86c',
    );
  });

  it('e-mails the alerts to alertEmail when it is given', () => {
    const subscription = template.Resources.AlertsEmailSubscription as unknown as Record<string, Cfn>;
    expect(subscription.Condition).toBe('AlertsByEmail');
    expect(subscription.Properties).toEqual({
      TopicArn: { Ref: 'AlertsTopic' },
      Protocol: 'email',
      Endpoint: { Ref: 'AlertEmail' },
    });
  });

  it('schedules the function and lets EventBridge invoke it', () => {
    const rule = only('AWS::Events::Rule');
    expect(rule.ScheduleExpression).toBe('rate(15 minutes)');
    expect(rule.State).toBe('ENABLED');
    const [ruleName] = resourcesOfType('AWS::Events::Rule')[0] ?? [];
    const permission = only('AWS::Lambda::Permission');
    expect(permission.Principal).toBe('events.amazonaws.com');
    expect(permission.Action).toBe('lambda:InvokeFunction');
    expect(permission.SourceArn).toEqual({ 'Fn::GetAtt': [ruleName, 'Arn'] });
  });

  it('runs on a current arm64 Node runtime without reserved concurrency, with retries and a failure destination', () => {
    const fn = only('AWS::Lambda::Function');
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Handler).toBe('functions/publish-feeds.handler');
    // New accounts cannot reserve concurrency (AWS keeps an unreserved pool); the run lease prevents overlap.
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    const invokeConfig = only('AWS::Lambda::EventInvokeConfig');
    expect(invokeConfig.MaximumRetryAttempts).toBe(2);
    expect(invokeConfig.DestinationConfig.OnFailure.Destination).toEqual({
      'Fn::GetAtt': ['FailedRunsQueue', 'Arn'],
    });
    const alarm = template.Resources.PublishFailuresAlarm?.Properties as Record<string, Cfn>;
    expect(alarm.MetricName).toBe('Errors');
    expect(alarm.AlarmActions).toEqual([{ Ref: 'AlertsTopic' }]);
  });

  it('raises an alarm when every run for an hour found the lease held: feeds silently frozen', () => {
    const filter = only('AWS::Logs::MetricFilter');
    // The pattern matches the exact message the handler logs for a busy run.
    expect(filter.FilterPattern).toBe(`{ $.message = "${BUSY_MESSAGE}" }`);
    expect(filter.MetricTransformations[0]).toMatchObject({
      MetricNamespace: 'feedwright',
      MetricName: 'BusyRuns',
    });
    const frozen = template.Resources.FeedsFrozenAlarm?.Properties as Record<string, Cfn>;
    expect(frozen.EvaluationPeriods * frozen.Metrics[1].MetricStat.Period).toBe(3600);
    expect(frozen.DatapointsToAlarm).toBe(frozen.EvaluationPeriods);
    expect(frozen.Metrics[0].Expression).toBe('IF(runs > 0 AND busy >= runs, 1, 0)');
    expect(frozen.AlarmActions).toEqual([{ Ref: 'AlertsTopic' }]);
  });

  it('raises an alarm when the main feed stays behind the collection, or no run reports at all: feeds are stale', () => {
    const stale = template.Resources.FeedsStaleAlarm?.Properties as Record<string, Cfn>;
    // The metric each run adds (functions/publish-feeds.ts), under the dimension Powertools gives it.
    expect(stale).toMatchObject({
      Namespace: 'feedwright',
      MetricName: 'MainFeedBehind',
      Dimensions: [{ Name: 'service', Value: 'feedwright' }],
      Statistic: 'Maximum',
      Threshold: 3600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // A publisher that stopped (no schedule, every run throwing) sends nothing: silence must alarm.
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'AlertsTopic' }],
    });
    // Each period spans at least two scheduled runs (rate(15 minutes)), so one late run is not silence.
    expect(stale.Period).toBeGreaterThanOrEqual(2 * 900);
  });

  it('grants only the S3 actions used, only on the feeds bucket and prefix: no wildcard actions or resources', () => {
    const role = only('AWS::IAM::Role');
    const statements = role.Policies.flatMap((p: Cfn) => p.PolicyDocument.Statement) as Array<
      Record<string, Cfn>
    >;
    const actions = statements.flatMap((s) => [s.Action].flat()) as string[];
    const resources = statements.flatMap((s) => [s.Resource].flat());
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(
      resources.filter((r) => r === '*' || (typeof r === 'string' && /^arn:aws:s3:::\*/.test(r))),
    ).toEqual([]);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    const s3Statements = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3Statements.map((s) => [s.Action].flat().sort())).toEqual([
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      ['s3:GetObject', 's3:PutObject'],
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      ['s3:ListBucket'],
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
    expect(s3Statements[0]?.Resource).toEqual({ 'Fn::Sub': '${FeedsBucket.Arn}/feeds/*' });
    // The run state by its exact key, outside the feeds prefix.
    expect(s3Statements[1]?.Resource).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
      'Fn::Sub': '${FeedsBucket.Arn}/.feedwright/feeds/run-state.json',
    });
    // The run index's shards, beside it.
    expect(s3Statements[2]?.Resource).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template
      'Fn::Sub': '${FeedsBucket.Arn}/.feedwright/feeds/index/*',
    });
    expect(s3Statements[3]?.Resource).toEqual({ 'Fn::GetAtt': ['FeedsBucket', 'Arn'] });
    expect(s3Statements[3]?.Condition).toEqual({
      StringLike: { 's3:prefix': ['feeds/*', '.feedwright/feeds/*'] },
    });
    const fn = only('AWS::Lambda::Function');
    expect(fn.Environment.Variables).toMatchObject({
      FEEDS_PREFIX: 'feeds/',
      STATE_PREFIX: '.feedwright/feeds/',
    });
  });

  it('keeps the bucket private, encrypted and versioned', () => {
    const bucket = template.Resources.FeedsBucket?.Properties as Record<string, Cfn>;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
    ).toBe('AES256');
  });

  it('serves the feeds through CloudFront with Origin Access Control, HTTPS and compression', () => {
    const distribution = only('AWS::CloudFront::Distribution').DistributionConfig;
    expect(distribution.Origins[0].OriginAccessControlId).toEqual({
      'Fn::GetAtt': ['FeedsOriginAccessControl', 'Id'],
    });
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.DefaultCacheBehavior.Compress).toBe(true);
    const policy = template.Resources.FeedsBucketPolicy?.Properties as Record<string, Cfn>;
    const read = policy.PolicyDocument.Statement.find((s: Cfn) => s.Sid === 'CloudFrontReadsFeeds');
    expect(read.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(read.Condition.StringEquals['AWS:SourceArn']).toBeDefined();
  });
});

describe.each([
  { runtime: `the machine's Node (${process.version})`, node: async () => process.execPath },
  { runtime: 'Node 24, the Lambda runtime major', node: lambdaNodeBinary },
])('the packaged handler on $runtime', ({ node }) => {
  it('publishes from a scheduled event, then writes nothing when nothing changed', async () => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'lambda');
    const server = s3Server();
    const invoke = async () =>
      invokePackaged({
        node: await node(),
        taskRoot: packaged.taskRoot,
        event: scheduledEvent(),
        env: serverEnv(bucket, {
          FEEDS_PREFIX: 'feeds/',
          FEEDS_URL: 'https://cdn.feeds.test/feeds/',
          S3_ENDPOINT: proxy.url,
        }),
      });

    proxy.reset();
    const first = await invoke();
    const firstSummary = first.result as RunSummary;
    expect(firstSummary.files.written.slice(0, 3)).toEqual(['rss.xml', 'atom.xml', 'feed.json']);
    expect(proxy.count('PUT', NOT_RUN_STATE)).toBe(firstSummary.files.written.length);
    // The run-state object, claimed before the first write and released after the last.
    expect(proxy.count('PUT', RUN_STATE)).toBeGreaterThanOrEqual(2);
    const log = first.logs.find((l) => l.message === 'feeds published') as { summary?: RunSummary };
    expect(log).toMatchObject({ level: 'INFO', service: 'feedwright', trigger: 'schedule', bucket });
    // Per feed, the items the run added: into an empty bucket, every item of the feed, and its files.
    const mainFeed = log.summary?.feeds.find((feed) => feed.key === 'main');
    expect(mainFeed?.files).toEqual({
      written: ['rss.xml', 'atom.xml', 'feed.json'],
      refused: [],
      failed: [],
    });
    expect(mainFeed?.changes?.added).toContain(RABAT_ID);
    expect(mainFeed?.changes).toMatchObject({ updated: [], removed: [] });
    expect(mainFeed?.changes?.added).toHaveLength(mainFeed?.items ?? -1);
    // The run as CloudWatch metrics, in the embedded metric format CloudWatch reads from the log.
    const emf = first.logs.find((l) => '_aws' in l) as Record<string, Cfn> | undefined;
    expect(emf?._aws.CloudWatchMetrics[0].Namespace).toBe('feedwright');
    expect(emf?._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toEqual([
      'FilesWritten',
      'FilesUnchanged',
      'FilesRefused',
      'FilesFailed',
      'ArticlesRead',
      'ArticlesSkipped',
      'ArticlesUnfinished',
      'RunDuration',
      'HubsNotified',
      'HubsFailed',
      'MainFeedBehind',
    ]);
    // The dimension the stale-feeds alarm (serverless.yml) selects.
    expect(emf?._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(emf).toMatchObject({
      service: 'feedwright',
      FilesWritten: firstSummary.files.written.length,
      FilesFailed: 0,
      MainFeedBehind: 0,
    });

    const expectations = [
      ['rss.xml', 'application/rss+xml; charset=utf-8'],
      ['atom.xml', 'application/atom+xml; charset=utf-8'],
      ['feed.json', 'application/feed+json; charset=utf-8'],
    ] as const;
    for (const [file, contentType] of expectations) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `feeds/${file}` }));
      expect(object.ContentType).toBe(contentType);
      expect(object.CacheControl).toBe('max-age=300');
      const body = (await object.Body?.transformToString('utf-8')) ?? '';
      if (file !== 'feed.json') {
        const parsed = await parseWithFeedparser(body);
        expect(parsed.bozo).toBe(0);
        expect(parsed.entries.map((e) => e.title)).toContain(RABAT_TITLE);
      } else {
        expect(JSON.parse(body).feed_url).toBe('https://cdn.feeds.test/feeds/feed.json');
      }
    }
    const before = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'feeds/rss.xml' }));

    proxy.reset();
    const second = await invoke();
    expect(proxy.count('PUT')).toBe(0);
    expect((second.result as RunSummary).files.unchanged).toEqual(firstSummary.files.written);
    // Nothing changed: no feed reports files or items, and no feed.json was read to tell.
    expect((second.result as RunSummary).feeds.filter((feed) => feed.files || feed.changes)).toEqual([]);
    expect(proxy.count('GET', /\/feeds\/(?:.*\/)?feed\.json(?:\?|$)/)).toBe(0);
    const after = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'feeds/rss.xml' }));
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified).toEqual(before.LastModified);

    // A reader's conditional GET: the same ETag answers 304 Not Modified.
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'feeds/rss.xml' }), {
      expiresIn: 300,
    });
    const conditional = await fetch(url, { headers: { 'If-None-Match': after.ETag ?? '' } });
    expect(conditional.status).toBe(304);

    // No credential ever reaches a log.
    for (const invocation of [first, second]) {
      expect(invocation.output).not.toContain(server.secretAccessKey);
      expect(invocation.output).not.toContain(server.accessKeyId);
    }
  });

  it('fails, logs why as JSON, and keeps the published feed when a guard refuses (every article gone)', async () => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'lambda');
    const server = s3Server();
    const emptyContent = await mkdtemp(path.join(tmpdir(), 'feedwright-empty-'));
    await mkdir(path.join(emptyContent, 'articles'));
    await copyFile(path.join(packaged.taskRoot, 'content/site.yml'), path.join(emptyContent, 'site.yml'));
    const invoke = async (env: Record<string, string> = {}) =>
      invokePackaged({
        node: await node(),
        taskRoot: packaged.taskRoot,
        event: scheduledEvent(),
        env: serverEnv(bucket, { FEEDS_PREFIX: 'feeds/', ...env }),
      });
    expect((await invoke()).code).toBe(0);
    // The packaged content's three versions of the Rabat story (English, French, Arabic) are all in the main feed.
    const before = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'feeds/rss.xml' }));
    const publishedIds = (
      JSON.parse(await getText(client, bucket, 'feeds/feed.json')).items as Array<{ id: string }>
    )
      .map((item) => item.id)
      .sort();

    const refused = await invoke({ CONTENT_DIR: emptyContent });
    expect(refused.code).toBe(1);
    const log = refused.logs.find((l) => l.message === 'feeds not fully published') as {
      summary?: RunSummary;
    };
    // The log names the items the guard kept from being removed.
    const mainFeed = log?.summary?.feeds.find((feed) => feed.key === 'main');
    expect(mainFeed?.files?.refused).toEqual(['rss.xml', 'atom.xml', 'feed.json']);
    expect(mainFeed?.changes).toEqual({ added: [], updated: [], removed: publishedIds });
    expect(log?.summary?.files.refused).toContainEqual({
      path: 'rss.xml',
      reason: `s3://${bucket}/feeds/rss.xml: would replace 3 published item(s) with an empty feed; kept the published version`,
    });
    const after = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'feeds/rss.xml' }));
    expect(after.ETag).toBe(before.ETag);
    expect(refused.output).not.toContain(server.secretAccessKey);
  });
});

describe('the packaged handler and its run state', () => {
  it('carries the identity of the code it was built from: state saved by other code is never reused', async () => {
    const bundle = await readFile(path.join(packaged.taskRoot, 'functions/publish-feeds.cjs'), 'utf8');
    expect(bundle).toContain(JSON.stringify(computeCodeIdentity(process.cwd())));
  });

  const stateKey = '.feedwright/feeds/run-state.json';
  const invokeWithHolder = async (holder: Record<string, string>) => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'lease');
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: stateKey, Body: JSON.stringify({ holder }) }),
    );
    const invocation = await invokePackaged({
      node: process.execPath,
      taskRoot: packaged.taskRoot,
      event: scheduledEvent(),
      env: serverEnv(bucket, { FEEDS_PREFIX: 'feeds/' }),
    });
    return { client, bucket, invocation };
  };

  it('publishes after taking over a lease its run never released, then fails so the alarm and the queue hear of it', async () => {
    const { client, bucket, invocation } = await invokeWithHolder({
      runId: 'dead-run',
      startedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:10:00.000Z',
    });
    expect(invocation.code).toBe(1);
    const error = invocation.logs.find((l) =>
      String(l.message).startsWith('took over the lease of run dead-run'),
    );
    expect(error).toMatchObject({ level: 'ERROR' });
    expect(await getText(client, bucket, 'feeds/rss.xml')).toContain(RABAT_TITLE);
  });

  it('logs the message the frozen-feeds alarm counts when another run holds the lease, and changes nothing', async () => {
    const now = Date.now();
    const { client, bucket, invocation } = await invokeWithHolder({
      runId: 'live-run',
      startedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 600_000).toISOString(),
    });
    expect(invocation.code).toBe(0);
    expect(invocation.logs.find((l) => l.message === BUSY_MESSAGE)).toMatchObject({ level: 'WARN' });
    expect(await listAll(client, bucket, 'feeds/')).toEqual([]);
  });
});

describe('what readers can fetch from the deployed bucket', () => {
  it('holds no draft, no embargoed article and no partner secret outside that partner feed; the run state does', async () => {
    const client = testS3Client();
    const bucket = await freshBucket(client, 'private');
    const content = await writeSecretsCollection();
    const invocation = await invokePackaged({
      node: process.execPath,
      taskRoot: packaged.taskRoot,
      event: scheduledEvent(),
      env: serverEnv(bucket, {
        CONTENT_DIR: content,
        FEEDS_PREFIX: 'feeds/',
        STATE_PREFIX: '.feedwright/feeds/',
      }),
    });
    expect(invocation.code).toBe(0);

    // What the distribution may read, from the packaged template's bucket policy.
    const policy = template.Resources.FeedsBucketPolicy?.Properties as Record<string, Cfn>;
    const read = policy.PolicyDocument.Statement.find((s: Cfn) => s.Sid === 'CloudFrontReadsFeeds');
    const readable = /^\$\{FeedsBucket\.Arn\}\/(.*)\*$/.exec(read.Resource['Fn::Sub'])?.[1];
    expect(readable).toBe('feeds/');
    const everything = await listAll(client, bucket, '');
    const reachable = everything.filter((key) => key.startsWith(readable ?? '-'));
    expect(reachable.length).toBeGreaterThan(10);
    const partnerDir = `feeds/partners/wire-${SECRETS.partner}/`;
    for (const key of reachable) {
      const body = await getText(client, bucket, key);
      expect(body, key).not.toContain(SECRETS.draft);
      expect(body, key).not.toContain(SECRETS.embargoed);
      if (!key.startsWith(partnerDir)) expect(body, key).not.toContain(SECRETS.partner);
    }
    expect(reachable).toContain(`${partnerDir}rss.xml`);
    // The test can see the secrets where they are kept: the run state, outside what readers reach.
    const stateKeys = everything.filter((key) => !key.startsWith(readable ?? '-'));
    const shard = /^\.feedwright\/feeds\/index\/[0-9a-f]{64}\.jsonl$/;
    expect(stateKeys.filter((key) => shard.test(key)).length).toBeGreaterThan(0);
    expect(stateKeys.filter((key) => !shard.test(key))).toEqual(['.feedwright/feeds/run-state.json']);
    const state = (await Promise.all(stateKeys.map((key) => getText(client, bucket, key)))).join('\n');
    // Private things it does hold (so the checks above can fail); titles it never holds.
    for (const secret of [SECRETS.partner, 'draft.md', 'embargoed.md']) expect(state).toContain(secret);
    expect(state).not.toContain(SECRETS.draft);
    expect(state).not.toContain(SECRETS.embargoed);
  });
});

const SECRETS = {
  draft: 'Draft-only headline 7f3a',
  embargoed: 'Embargoed headline 91c2',
  partner: 'p4rtn3r5ecret0a1b2c',
};

/** content/ plus a draft, an embargoed article and a partner with a secret path. */
async function writeSecretsCollection(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-secrets-'));
  await mkdir(path.join(dir, 'articles'));
  const site = await readFile(path.join(packaged.taskRoot, 'content/site.yml'), 'utf8');
  await writeFile(
    path.join(dir, 'site.yml'),
    `${site}\npartners:\n  - name: Wire\n    slug: wire\n    secret: ${SECRETS.partner}\n`,
  );
  for (const name of await readdir(path.join(packaged.taskRoot, 'content/articles'))) {
    await copyFile(path.join(packaged.taskRoot, 'content/articles', name), path.join(dir, 'articles', name));
  }
  await writeFile(
    path.join(dir, 'articles', 'draft.md'),
    `---\ntitle: ${SECRETS.draft}\ndate: 2025-04-15T10:00:00Z\ndraft: true\n---\nNot yet.\n`,
  );
  await writeFile(
    path.join(dir, 'articles', 'embargoed.md'),
    `---\ntitle: ${SECRETS.embargoed}\ndate: 2099-01-01T00:00:00Z\nsummary: ${SECRETS.embargoed}\n---\nLater.\n`,
  );
  return dir;
}

async function listAll(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

async function getText(client: S3Client, bucket: string, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}
