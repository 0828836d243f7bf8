import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FS_LOCK = pathToFileURL(path.join(REPO, 'functions/lib/locks/fs.ts')).href;

/** A run in another process: takes the local lock, claims, says "held", then waits to be killed. */
const SCRIPT = `
import { createFsLock } from ${JSON.stringify(FS_LOCK)};
const [file, runId, manifestFile] = process.argv.slice(2);
const lock = createFsLock({ file, ...(manifestFile ? { manifestFile } : {}) });
const begun = await lock.begin(runId);
if (!('session' in begun)) {
  console.log('busy');
  process.exit(3);
}
await begun.session.claim();
console.log('held');
setInterval(() => {}, 60_000);
`;

export interface LockHolderProcess {
  pid: number;
  child: ChildProcess;
  /** How it ended: by exit code or by signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Starts a process holding the lock `file` as run `runId`; resolves once it holds it. */
export async function holdLockInChild(options: {
  file: string;
  runId: string;
  manifestFile?: string;
}): Promise<LockHolderProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fw-lock-child-'));
  const script = path.join(dir, 'hold-lock.mts');
  await writeFile(script, SCRIPT);
  const args = [options.file, options.runId, ...(options.manifestFile ? [options.manifestFile] : [])];
  // From the repository, so `--import tsx` resolves.
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', () => {
      if (output.includes('held')) resolve();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`the lock holder exited (${code ?? signal}) before holding the lock:\n${output}`)),
    );
  });
  if (child.pid === undefined) throw new Error('the lock holder has no pid');
  return { pid: child.pid, child, exited };
}

/** Kills every lock holder still running: call it in afterEach, so none outlives its test. */
export async function stopLockHolders(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
