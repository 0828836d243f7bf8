// `serverless deploy`, a second deploy and `serverless remove`, with the real CLI, against moto (a local
// AWS). What moto cannot create is swapped for stand-ins first (test/support/moto-template.ts); what the
// stack creates is then read back with the AWS SDK. What this cannot show: docs/DEPLOYMENT.md.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  GetBucketEncryptionCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Moto, startMoto } from '../support/moto.js';
import {
  type CfnTemplate,
  type Json,
  MOTO_UNSUPPORTED_TYPES,
  packageForMoto,
  readServiceState,
  STAND_IN_TYPE,
  standInValue,
} from '../support/moto-template.js';
import { childrenNamed, parseXml, type XmlElement } from '../support/xml.js';

const run = promisify(execFile);

const STAGE = 'smoke';
const REGION = 'us-east-1';
const STACK = `feedwright-${STAGE}`;
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const RECORDER = path.resolve('test/support/record-connections.cjs');

let moto: Moto;
let work: string;
let service: string;
let packageDir: string;
let forMoto: { dir: string; replaced: string[] };
let packaged: CliRun;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'feedwright-deploy-'));
  service = await copyService(path.join(work, 'service'));
  packageDir = path.join(work, 'package');
  [moto, packaged] = await Promise.all([
    startMoto(),
    // Offline: no AWS endpoint at all, and the test checks that it connects nowhere.
    serverless(['package', '--package', packageDir, '--stage', STAGE, '--region', REGION]),
  ]);
  forMoto = await packageForMoto(packageDir);
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  if (work) await rm(work, { recursive: true, force: true });
  if (forMoto) await rm(forMoto.dir, { recursive: true, force: true });
});

describe('the package, rewritten for moto', () => {
  it('swaps exactly the resources of the types moto cannot create, each type still in the real template', async () => {
    const { core, compiled } = await templatesOf(packageDir);
    const realTypes = new Set(
      [core, compiled].flatMap((t) => Object.values(t.Resources).map((resource) => resource.Type)),
    );
    // A type no longer in the template is a stale entry: remove it from MOTO_UNSUPPORTED_TYPES.
    expect(MOTO_UNSUPPORTED_TYPES.filter((type) => !realTypes.has(type))).toEqual([]);
    const unsupported = Object.entries({ ...core.Resources, ...compiled.Resources })
      .filter(([, resource]) => MOTO_UNSUPPORTED_TYPES.includes(resource.Type))
      .map(([logicalId]) => logicalId)
      .sort();
    expect(forMoto.replaced).toEqual(unsupported);

    const rewritten = await templatesOf(forMoto.dir);
    for (const logicalId of forMoto.replaced) {
      const standIn = rewritten.compiled.Resources[logicalId];
      expect(standIn?.Type, logicalId).toBe(STAND_IN_TYPE);
      expect(standIn?.Properties, logicalId).toBeUndefined();
    }
  });

  it('changes nothing else: only references to a swapped resource became fixed strings', async () => {
    const original = await templatesOf(packageDir);
    const rewritten = await templatesOf(forMoto.dir);
    const replaced = new Set(forMoto.replaced);
    for (const which of ['core', 'compiled'] as const) {
      const before = original[which] as unknown as Json;
      const after = rewritten[which] as unknown as Json;
      for (const where of differences(before, after)) {
        const [section, logicalId, attribute] = where;
        if (section === 'Resources' && replaced.has(String(logicalId))) {
          expect(['Type', 'Properties'], where.join('.')).toContain(attribute);
          continue;
        }
        // Elsewhere, a change must be a Ref, Fn::GetAtt or Fn::Sub naming a swapped resource...
        const reference = nearestIntrinsic(before, where);
        expect(reference, where.join('.')).toBeDefined();
        const named = [...replaced].filter((id) => JSON.stringify(reference).match(referencePattern(id)));
        expect(named, where.join('.')).not.toEqual([]);
        // ...that is now a fixed string.
        expect(JSON.stringify(valueAt(after, where)), where.join('.')).toContain('.stand-in.invalid');
      }
      for (const id of replaced) expect(JSON.stringify(after)).not.toMatch(referencePattern(id));
    }
  });
});

describe('serverless deploy --package', () => {
  let deployed: CliRun;
  let physical: Map<string, string>;

  beforeAll(async () => {
    deployed = await serverless(
      ['deploy', '--package', forMoto.dir, '--stage', STAGE, '--region', REGION],
      moto.endpoint,
    );
    physical = await stackResources();
  }, 120_000);

  it('deploys the stack through the real CLI, reaching nothing but the local moto server', async () => {
    expect(deployed.output).toContain(`Service deployed to stack ${STACK}`);
    const { Stacks } = await cloudFormation().send(new DescribeStacksCommand({ StackName: STACK }));
    expect(Stacks?.[0]?.StackStatus).toBe('UPDATE_COMPLETE');
    expect(packaged.connections).toEqual([]);
    expect(deployed.connections.length).toBeGreaterThan(0);
    expect(new Set(deployed.connections)).toEqual(new Set([new URL(moto.endpoint).host]));
  });

  it('leaves moto no resource it cannot create', () => {
    // moto logs this for a type with no model, then skips the resource: MOTO_UNSUPPORTED_TYPES lacks it.
    const skipped = moto
      .output()
      .split('\n')
      .filter((line) => line.includes('No Moto CloudFormation support'));
    expect(skipped).toEqual([]);
  });

  it('creates the function: Node 24, 512 MB, 120 s, the packaged code, the feeds bucket and prefixes', async () => {
    const config = await functionConfiguration();
    expect(config).toMatchObject({
      FunctionName: `${STACK}-publishFeeds`,
      Runtime: 'nodejs24.x',
      Handler: 'functions/publish-feeds.handler',
      MemorySize: 512,
      Timeout: 120,
    });
    const zip = await readFile(path.join(packageDir, 'feedwright.zip'));
    expect(config.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'));
    const { Role } = await iam().send(
      new GetRoleCommand({ RoleName: physical.get('IamRoleLambdaExecution') }),
    );
    expect(config.Role).toBe(Role?.Arn);
    const variables = config.Environment?.Variables ?? {};
    expect(variables).toMatchObject({
      FEEDS_BUCKET: physical.get('FeedsBucket'),
      FEEDS_PREFIX: 'feeds/',
      STATE_PREFIX: '.feedwright/feeds/',
      CACHE_CONTROL: 'max-age=300',
      FEEDS_URL: `https://${standInValue('FeedsDistribution', 'DomainName')}/feeds/`,
    });
    // No contentBucket: the !If gives AWS::NoValue, so the function reads the packaged content/.
    expect(variables).not.toHaveProperty('CONTENT_BUCKET');
    expect(variables).not.toHaveProperty('CONTENT_PREFIX');
  });

  it('asks for arm64: moto drops Architectures, so only the template the stack holds can show it', async () => {
    // moto 5.2.1's Lambda model reads no Architectures from CloudFormation; the function says x86_64.
    const template = await deployedTemplate();
    expect(template.Resources.PublishFeedsLambdaFunction?.Properties).toMatchObject({
      Architectures: ['arm64'],
    });
  });

  it("keeps the function's logs for 30 days", async () => {
    const { logGroups } = await logs().send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${STACK}-publishFeeds` }),
    );
    expect(logGroups?.map((group) => [group.logGroupName, group.retentionInDays])).toEqual([
      [`/aws/lambda/${STACK}-publishFeeds`, 30],
    ]);
  });

  it('runs the function every 15 minutes from an EventBridge rule that may invoke it', async () => {
    const ruleName = physical.get('PublishFeedsEventsRuleSchedule1');
    const rule = await events().send(new DescribeRuleCommand({ Name: ruleName }));
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    const { Targets } = await events().send(new ListTargetsByRuleCommand({ Rule: ruleName }));
    const functionArn = (await functionConfiguration()).FunctionArn;
    expect(Targets?.map((target) => target.Arn)).toEqual([functionArn]);
    const { Policy } = await lambda().send(
      new GetPolicyCommand({ FunctionName: physical.get('PublishFeedsLambdaFunction') }),
    );
    expect(JSON.parse(Policy ?? '{}').Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnLike: { 'AWS:SourceArn': rule.Arn } },
      }),
    ]);
  });

  it('lets the function touch the feeds bucket only below its two prefixes: no s3:* anywhere', async () => {
    const statements = await rolePolicyStatements(physical.get('IamRoleLambdaExecution'));
    const bucketArn = `arn:aws:s3:::${physical.get('FeedsBucket')}`;
    const s3Statements = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('s3:')));
    expect(s3Statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `${bucketArn}/feeds/*`,
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: `${bucketArn}/.feedwright/feeds/run-state.json`,
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `${bucketArn}/.feedwright/feeds/index/*`,
      },
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: bucketArn,
        Condition: { StringLike: { 's3:prefix': ['feeds/*', '.feedwright/feeds/*'] } },
      },
    ]);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((action) => action === '*' || action === 's3:*')).toEqual([]);
  });

  it('creates the failed-runs queue the role may send to, and the content events queue with its dead-letter queue', async () => {
    const failed = await queueAttributes(physical.get('FailedRunsQueue'));
    expect(failed).toMatchObject({ MessageRetentionPeriod: '1209600', SqsManagedSseEnabled: 'true' });
    const statements = await rolePolicyStatements(physical.get('IamRoleLambdaExecution'));
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: failed.QueueArn,
    });

    const deadLetters = await queueAttributes(physical.get('ContentEventsDeadLetterQueue'));
    expect(deadLetters).toMatchObject({ MessageRetentionPeriod: '1209600', SqsManagedSseEnabled: 'true' });
    const events = await queueAttributes(physical.get('ContentEventsQueue'));
    expect(events).toMatchObject({
      VisibilityTimeout: '720',
      MessageRetentionPeriod: '86400',
      SqsManagedSseEnabled: 'true',
    });
    expect(JSON.parse(events.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: deadLetters.QueueArn,
      maxReceiveCount: 5,
    });
  });

  it('creates the alerts topic', async () => {
    const topic = await topicAttributes(physical.get('AlertsTopic'));
    expect(topic).toMatchObject({ TopicArn: physical.get('AlertsTopic'), DisplayName: 'feedwright alerts' });
  });

  it('creates the feeds bucket, encrypted; versioned and retained as the template asks', async () => {
    const bucket = physical.get('FeedsBucket');
    await s3().send(new HeadBucketCommand({ Bucket: bucket }));
    const { ServerSideEncryptionConfiguration } = await s3().send(
      new GetBucketEncryptionCommand({ Bucket: bucket }),
    );
    expect(
      ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
    // moto 5.2.1 applies only BucketEncryption and Tags of an AWS::S3::Bucket: no versioning, lifecycle or
    // public access block on the bucket itself, so the template the stack holds is what shows them.
    const template = await deployedTemplate();
    const feedsBucket = template.Resources.FeedsBucket as unknown as Record<string, Record<string, Json>>;
    expect(feedsBucket.Properties?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(feedsBucket.DeletionPolicy).toBe('Retain');
  });

  describe('then again with the same package', () => {
    let before: StackSnapshot;
    let redeployed: CliRun;
    let after: StackSnapshot;

    beforeAll(async () => {
      before = await snapshot();
      redeployed = await serverless(
        ['deploy', '--package', forMoto.dir, '--stage', STAGE, '--region', REGION],
        moto.endpoint,
      );
      after = await snapshot();
    }, 90_000);

    it('changes nothing: osls finds the same artifacts in its bucket and skips the deployment', () => {
      expect(redeployed.output).toContain('No changes to deploy. Deployment skipped.');
      // moto keeps no LastUpdatedTime; an update would add stack events and a new artifact folder.
      expect(after).toEqual(before);
      expect(new Set(redeployed.connections)).toEqual(new Set([new URL(moto.endpoint).host]));
    });
  });

  describe('then serverless remove', () => {
    let removed: CliRun;
    let stackId: string | undefined;

    beforeAll(async () => {
      const { Stacks } = await cloudFormation().send(new DescribeStacksCommand({ StackName: STACK }));
      stackId = Stacks?.[0]?.StackId;
      removed = await serverless(['remove', '--stage', STAGE, '--region', REGION], moto.endpoint);
    }, 90_000);

    it('deletes the stack, its function and its deployment bucket', async () => {
      expect(removed.output).toContain('successfully removed');
      expect(new Set(removed.connections)).toEqual(new Set([new URL(moto.endpoint).host]));
      await expect(cloudFormation().send(new DescribeStacksCommand({ StackName: STACK }))).rejects.toThrow(
        /does not exist/,
      );
      const { StackSummaries } = await cloudFormation().send(new ListStacksCommand({}));
      expect(StackSummaries?.find((stack) => stack.StackId === stackId)?.StackStatus).toBe('DELETE_COMPLETE');
      await expect(
        lambda().send(new GetFunctionCommand({ FunctionName: physical.get('PublishFeedsLambdaFunction') })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(
        s3().send(new HeadBucketCommand({ Bucket: physical.get('ServerlessDeploymentBucket') })),
      ).rejects.toMatchObject({ name: 'NotFound' });
    });

    it('keeps the feeds bucket (DeletionPolicy: Retain), and moto honours that', async () => {
      await expect(
        s3().send(new HeadBucketCommand({ Bucket: physical.get('FeedsBucket') })),
      ).resolves.toBeDefined();
    });
  });

  // Helpers that need the deployed stack's names.
  async function functionConfiguration() {
    return lambda().send(
      new GetFunctionConfigurationCommand({ FunctionName: physical.get('PublishFeedsLambdaFunction') }),
    );
  }

  interface StackSnapshot {
    events: number;
    functionModified: string | undefined;
    artifacts: string[];
  }

  async function snapshot(): Promise<StackSnapshot> {
    const { StackEvents } = await cloudFormation().send(new DescribeStackEventsCommand({ StackName: STACK }));
    const { Contents } = await s3().send(
      new ListObjectsV2Command({ Bucket: physical.get('ServerlessDeploymentBucket') }),
    );
    return {
      events: StackEvents?.length ?? 0,
      functionModified: (await functionConfiguration()).LastModified,
      artifacts: (Contents ?? []).map((object) => `${object.Key} ${object.ETag}`).sort(),
    };
  }
});

// --- The CLI ------------------------------------------------------------------------------------------

interface CliRun {
  /** stdout and stderr together: osls writes its progress and results to stderr. */
  output: string;
  /** `host:port` of every TCP connection the CLI's Node processes opened. */
  connections: string[];
}

let runs = 0;

/** Runs `npx serverless …` in the copied service, aimed at `endpoint` (moto), recording its connections. */
async function serverless(args: string[], endpoint?: string): Promise<CliRun> {
  runs += 1;
  const connectionsLog = path.join(work, `connections-${runs}.log`);
  // Nothing of the caller's AWS set-up (profile, real credentials, endpoint, proxy) reaches the CLI.
  const inherited = Object.entries(process.env).filter(
    ([name]) => !/^(AWS_|SLS_|NODE_OPTIONS$)/.test(name) && !/proxy/i.test(name),
  );
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(inherited),
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    // No shared config or credentials file, no instance metadata: the variables above are all there is.
    AWS_CONFIG_FILE: path.join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    // osls polls the stack every 5 s by default; moto is done at once.
    SLS_AWS_MONITORING_FREQUENCY: '500',
    NODE_OPTIONS: `--require ${JSON.stringify(RECORDER)}`,
    FEEDWRIGHT_CONNECTIONS_LOG: connectionsLog,
  };
  let output: string;
  try {
    const { stdout, stderr } = await run('npx', ['serverless', ...args], {
      cwd: service,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    output = `${stdout}\n${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(
      `serverless ${args.join(' ')} failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}\n--- moto ---\n${moto?.output().slice(-4000) ?? ''}`,
      { cause: error },
    );
  }
  const recorded = await readFile(connectionsLog, 'utf8').catch(() => '');
  return { output, connections: recorded.split('\n').filter(Boolean) };
}

/**
 * A copy of the service as git sees it (tracked and new files, nothing ignored) with the project's
 * node_modules linked in. `deploy --package` copies the package into <service>/.serverless and deletes
 * it after, and osls's esbuild plugin reads scripts/, functions/ and the lock file even then; in the
 * repository that folder is shared with the other e2e files' `serverless package`. The copy is also one
 * snapshot of serverless.yml and functions/ for the package and every deploy.
 */
async function copyService(target: string): Promise<string> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const file of new Set(stdout.split('\0').filter(Boolean))) {
    await mkdir(path.join(target, path.dirname(file)), { recursive: true });
    await copyFile(file, path.join(target, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // Deleted in the working tree, not yet in git.
    });
  }
  await symlink(path.resolve('node_modules'), path.join(target, 'node_modules'), 'dir');
  return target;
}

async function templatesOf(dir: string): Promise<{ core: CfnTemplate; compiled: CfnTemplate }> {
  const { provider } = (await readServiceState(dir)).service;
  return { core: provider.coreCloudFormationTemplate, compiled: provider.compiledCloudFormationTemplate };
}

// --- Reading what moto holds -----------------------------------------------------------------------------

function clientConfig() {
  return { endpoint: moto.endpoint, region: REGION, credentials: CREDENTIALS };
}
const cloudFormation = () => new CloudFormationClient(clientConfig());
const lambda = () => new LambdaClient(clientConfig());
const iam = () => new IAMClient(clientConfig());
const events = () => new EventBridgeClient(clientConfig());
const logs = () => new CloudWatchLogsClient(clientConfig());
const s3 = () => new S3Client({ ...clientConfig(), forcePathStyle: true });

/** Logical id -> physical id of the stack's resources. */
async function stackResources(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await cloudFormation().send(new ListStackResourcesCommand({ StackName: STACK, NextToken }));
    for (const resource of page.StackResourceSummaries ?? []) {
      // moto lists a resource it did not create (a stand-in, a false Condition) with empty ids.
      if (resource.LogicalResourceId && resource.PhysicalResourceId) {
        found.set(resource.LogicalResourceId, resource.PhysicalResourceId);
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

async function deployedTemplate(): Promise<CfnTemplate> {
  const { TemplateBody } = await cloudFormation().send(new GetTemplateCommand({ StackName: STACK }));
  return JSON.parse(TemplateBody ?? '{}') as CfnTemplate;
}

interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, unknown>;
}

async function rolePolicyStatements(roleName: string | undefined): Promise<PolicyStatement[]> {
  const { PolicyNames } = await iam().send(new ListRolePoliciesCommand({ RoleName: roleName }));
  const statements: PolicyStatement[] = [];
  for (const PolicyName of PolicyNames ?? []) {
    const { PolicyDocument } = await iam().send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }));
    const document = parsePolicyDocument(PolicyDocument ?? '');
    statements.push(...[document.Statement].flat());
  }
  return statements;
}

/**
 * AWS returns an inline policy URL-encoded JSON; moto 5.2.1 returns one that CloudFormation made as
 * Python's repr of a dict (`{'Effect': 'Allow', ...}`), which this reads too.
 */
function parsePolicyDocument(document: string): { Statement: PolicyStatement | PolicyStatement[] } {
  let text = document;
  try {
    text = decodeURIComponent(document);
  } catch {
    // Not URL-encoded.
  }
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(pythonReprToJson(text));
  }
}

/** Strings, dicts, lists, numbers, True/False/None: what a policy's repr holds (no escapes beyond \\ and \'). */
function pythonReprToJson(repr: string): string {
  const words: Record<string, string> = { True: 'true', False: 'false', None: 'null' };
  return repr.replace(
    /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|\b(True|False|None)\b/g,
    (_token, single?: string, double?: string, word?: string) => {
      const text = single ?? double;
      return text !== undefined
        ? JSON.stringify(text.replace(/\\(.)/g, '$1'))
        : (words[word ?? ''] ?? 'null');
    },
  );
}

/**
 * No SQS or SNS client is among the installed packages (osls needs neither), so these two ask moto's HTTP
 * API directly. moto routes a request by the service in its credential scope and does not check signatures.
 */
function unsignedAuthorization(service: 'sqs' | 'sns'): string {
  return `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=unsigned`;
}

async function queueAttributes(queueUrl: string | undefined): Promise<Record<string, string>> {
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      Authorization: unsignedAuthorization('sqs'),
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': 'AmazonSQS.GetQueueAttributes',
    },
    body: JSON.stringify({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  });
  const body = (await response.json()) as { Attributes?: Record<string, string> };
  if (!response.ok || !body.Attributes)
    throw new Error(`SQS GetQueueAttributes ${queueUrl}: ${JSON.stringify(body)}`);
  return body.Attributes;
}

async function topicAttributes(topicArn: string | undefined): Promise<Record<string, string>> {
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      Authorization: unsignedAuthorization('sns'),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      Action: 'GetTopicAttributes',
      Version: '2010-03-31',
      TopicArn: topicArn ?? '',
    }),
  });
  const xml = await response.text();
  if (!response.ok) throw new Error(`SNS GetTopicAttributes ${topicArn}: ${xml}`);
  // <GetTopicAttributesResponse><GetTopicAttributesResult><Attributes><entry><key/><value/></entry>…
  const sns = (name: string) => `http://sns.amazonaws.com/doc/2010-03-31/ ${name}`;
  const only = (element: XmlElement | undefined, name: string) =>
    element ? childrenNamed(element, sns(name)) : [];
  const [result] = only(parseXml(xml), 'GetTopicAttributesResult');
  const [attributes] = only(result, 'Attributes');
  return Object.fromEntries(
    only(attributes, 'entry').map((entry) => [
      only(entry, 'key')[0]?.text,
      only(entry, 'value')[0]?.text ?? '',
    ]),
  );
}

// --- Comparing templates ----------------------------------------------------------------------------------

type JsonPath = Array<string | number>;

/** The paths at which two JSON values differ: a leaf that changed, or a key or item only one side has. */
function differences(a: Json, b: Json, at: JsonPath = []): JsonPath[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [at];
    return a.flatMap((item, i) => differences(item, b[i] as Json, [...at, i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      key in a && key in b ? differences(a[key] as Json, b[key] as Json, [...at, key]) : [[...at, key]],
    );
  }
  return Object.is(a, b) ? [] : [at];
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(node: Json, at: JsonPath): Json | undefined {
  let current: Json | undefined = node;
  for (const step of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, Json>)[step];
  }
  return current;
}

/** The Ref / Fn::GetAtt / Fn::Sub object at `at` or around it, if any. */
function nearestIntrinsic(node: Json, at: JsonPath): Json | undefined {
  for (let length = at.length; length >= 0; length -= 1) {
    const candidate = valueAt(node, at.slice(0, length));
    if (
      isObject(candidate ?? null) &&
      ['Ref', 'Fn::GetAtt', 'Fn::Sub'].some((k) => k in (candidate as object))
    ) {
      return candidate;
    }
  }
  return undefined;
}

/** {"Ref":"Id"}, {"Fn::GetAtt":["Id",…]} or "Id.Attr", and ${Id} or ${Id.Attr} inside a Sub, as JSON text. */
function referencePattern(logicalId: string): RegExp {
  return new RegExp(
    `"Ref":"${logicalId}"|"Fn::GetAtt":\\["${logicalId}"|"Fn::GetAtt":"${logicalId}\\.|\\$\\{${logicalId}[.}]`,
  );
}
