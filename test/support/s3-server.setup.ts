import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { assertTestDependencies } from './test-deps.js';

const run = promisify(execFile);

export interface S3ServerInfo {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3: S3ServerInfo;
  }
}

/**
 * Starts the local Ceph RGW (scripts/s3-server/start.sh) for the test run and
 * stops it after, by PID. Reuses a server that already answers at S3_ENDPOINT
 * (with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), e.g. one you keep running.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.S3_ENDPOINT;
  const running = existing !== undefined && (await answers(existing));
  assertTestDependencies({ s3ServerRunning: running });
  if (existing && running) {
    project.provide('s3', {
      endpoint: existing,
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'feedwright-test',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'feedwright-test-secret',
      region: process.env.AWS_REGION ?? 'us-east-1',
    });
    return async () => {};
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-s3-'));
  const env = {
    ...process.env,
    S3_SERVER_DIR: dir,
    S3_PORT: process.env.S3_PORT ?? String(await freePort()),
    S3_MON_PORT: String(await freePort()),
  };
  let stdout: string;
  try {
    ({ stdout } = await run('bash', ['scripts/s3-server/start.sh'], { env, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(
      `Could not start the local S3 server (Ceph RGW). Install it with "bash scripts/install-test-deps.sh" (Debian, root), or point S3_ENDPOINT at a running one.\n${detail}`,
    );
  }
  const vars = Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  project.provide('s3', {
    endpoint: vars.S3_ENDPOINT ?? '',
    accessKeyId: vars.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: vars.AWS_SECRET_ACCESS_KEY ?? '',
    region: vars.AWS_REGION ?? 'us-east-1',
  });
  return async () => {
    await run('bash', ['scripts/s3-server/stop.sh'], { env });
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(3000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
