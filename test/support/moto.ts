import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A moto server (a local AWS) this process started, listening on 127.0.0.1 only. */
export interface Moto {
  /** `http://127.0.0.1:<port>`: the endpoint for AWS_ENDPOINT_URL and the SDK clients. */
  endpoint: string;
  /** Everything the server printed so far: its request log and its warnings. */
  output(): string;
  /** Stops the server this call started (by its PID, nothing else). */
  stop(): Promise<void>;
}

export const MOTO_INSTALL = "pip install 'moto[server]'";

const STARTUP_MS = 30_000;
// The last few megabytes are plenty for a deploy's request log and moto's warnings.
const MAX_OUTPUT = 4 * 1024 * 1024;

/**
 * Starts `moto_server` on 127.0.0.1 at a free port and waits until it answers.
 *
 * @example
 * const moto = await startMoto();
 * try {
 *   // new LambdaClient({ endpoint: moto.endpoint, ... })
 * } finally {
 *   await moto.stop();
 * }
 */
export async function startMoto(): Promise<Moto> {
  // The port is free when asked, but another process may take it before moto binds: try again then.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnPort(await freePort());
    } catch (error) {
      if (error instanceof MotoNotInstalledError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** moto_server is not on PATH. */
export class MotoNotInstalledError extends Error {
  constructor(cause: unknown) {
    super(
      `moto_server is not on PATH: install it with ${MOTO_INSTALL} (or run bash scripts/install-test-deps.sh)`,
      { cause },
    );
    this.name = 'MotoNotInstalledError';
  }
}

async function startOnPort(port: number): Promise<Moto> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Unbuffered, so output() shows a warning as soon as moto logs it.
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new MotoNotInstalledError(error) : error);
    });
    child.once('exit', (code, signal) => {
      reject(new Error(`moto_server exited (${signal ?? code}) before answering at ${endpoint}:\n${output}`));
    });
  });
  failed.catch(() => {}); // Observed by the race below; an exit after start-up is no error.

  const moto: Moto = { endpoint, output: () => output, stop: () => stopChild(child) };
  try {
    await Promise.race([failed, answers(endpoint)]);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return moto;
}

async function answers(endpoint: string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    try {
      // moto's own API: answers once the server (and its Flask app) is up.
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within ${STARTUP_MS / 1000} s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  // child.kill signals exactly this PID (pyenv's shim execs moto, so the PID is moto's own).
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port from the probe server');
  return address.port;
}
