#!/usr/bin/env node
/**
 * The `feedwright` command for people: build feeds locally or publish
 * them, plan either without writing, validate the collection. `npm start`
 * runs `feedwright build`.
 */
import path from 'node:path';
import { parseIsoDate } from './lib/articles/dates.js';
import { type CommandLine, parseCommandLine } from './lib/cli-args.js';
import { openCollection } from './lib/collection.js';
import { ConfigError, describeError } from './lib/errors.js';
import { createFsIndexStore } from './lib/index-stores/fs.js';
import { createFsLock } from './lib/locks/fs.js';
import { loadArticles, publishFeeds, type RunProgress, type RunSummary } from './lib/pipeline.js';
import { startPreviewServer } from './lib/preview.js';
import { formatPlan, formatSummary } from './lib/run-report.js';
import { readContentSettings, readPublishSettings } from './lib/settings.js';
import { createFsTarget } from './lib/targets/fs.js';
import { hubNotifier } from './lib/websub.js';

const USAGE = `Usage: feedwright <command> [options]

Commands:
  build       Build every feed from the collection into a folder (default: public/)
  publish     Build and publish to S3: only changed objects are written
  plan        Show what build would do (with --bucket: what publish would do), writing
              nothing: per feed the item ids added, updated, removed, and the files
  preview     Serve the built folder on 127.0.0.1 as the bucket would (types, ETags, 304s)
  validate    Check site.yml and every article; exit 1 on any error

Options:
  --content DIR   Content folder with site.yml and articles/ (default: content),
                  or s3://bucket/prefix/ laid out the same way
  --out DIR       Output folder for build (default: public)
  --state DIR     build: where the run state lives, outside the output folder
                  (default: .feedwright/<name of the output folder> beside it)
  --now ISO       Build as of this moment instead of the clock, e.g. 2025-04-15T00:00:00Z
  --bucket NAME   publish, plan: the S3 bucket (or FEEDS_BUCKET for publish)
  --prefix P      publish, plan --bucket: key prefix, e.g. feeds/ (or FEEDS_PREFIX)
  --endpoint URL  publish, plan --bucket: an S3-compatible server instead of AWS (or S3_ENDPOINT)
  --port N        preview: port on 127.0.0.1 (default 8080; 0 picks a free one)
  --full          build, publish, plan: ignore the manifest; read and compare everything
  --allow-shrink  build, publish, plan: let this run empty a feed or drop more than
                  guards.max_drop_share of its items (an intended removal)
  --dry-run       publish: plan only, as plan --bucket does; nothing is written

publish takes credentials and region from the usual AWS variables or profile,
and CACHE_CONTROL, FEEDS_URL, HOME_URL as the Lambda does (see README).
  -h, --help      Show this help
`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Replaces the progress line in place; absent when output is not a terminal (pipes, logs, tests). */
  progress?: (line: string) => void;
  /** How long a run goes before the progress line appears (default PROGRESS_AFTER_MS). */
  progressAfterMs?: number;
}

/** Runs the CLI; returns the exit code. Exported for tests, which call it in-process. */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  let parsed: CommandLine;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.err(`feedwright: ${describeError(error)}\nRun "feedwright --help" for the commands and options.`);
    return 2;
  }
  const { command, values } = parsed;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    if (command === 'preview') {
      const dir = values.out ?? 'public';
      const port = values.port === undefined ? 8080 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new ConfigError(`--port: "${values.port}" is not a port`);
      const server = await startPreviewServer({ dir, port });
      io.out(
        `Serving ${path.resolve(dir)} at ${server.url} (Ctrl-C stops). Subscribe to ${server.url}rss.xml`,
      );
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await server.close();
      return 0;
    }
    const now = values.now === undefined ? new Date() : parseNow(values.now);
    // Flags become the variables the Lambda reads: one schema, one set of checks, for both.
    const env = { ...process.env, ...variablesOf(values) };
    switch (command) {
      case 'build':
        return await buildIntoFolder(values, env, now, io, { dryRun: false });
      case 'publish':
        return await publishToS3(values, env, now, io, { dryRun: values['dry-run'] ?? false });
      case 'plan':
        // What the command it stands for would do: build into a folder, or with --bucket publish.
        return values.bucket === undefined
          ? await buildIntoFolder(values, env, now, io, { dryRun: true })
          : await publishToS3(values, env, now, io, { dryRun: true });
      case 'validate': {
        const content = await openCollection(flagsNamed(() => readContentSettings(env), values));
        const collection = await loadArticles(content.source, await content.loadConfig());
        for (const warning of collection.warnings) io.err(`warning ${warning.message}`);
        for (const s of collection.skipped)
          io.err(`error ${s.file}: ${s.field ? `${s.field}: ` : ''}${s.reason}`);
        const valid = collection.articles.length;
        io.out(
          `${collection.found} article file(s): ${valid} valid, ${collection.found - valid} with errors`,
        );
        return collection.skipped.length === 0 ? 0 : 1;
      }
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err(`feedwright: ${describeError(error)}`);
    return 1;
  }
}

type Values = CommandLine['values'];
type Env = Record<string, string | undefined>;

/**
 * `build`, or `plan` without --bucket: the collection into a folder, with
 * the run state beside it. A plan reads that state and the folder and
 * writes nothing, not even the hash cache or the lock file.
 */
async function buildIntoFolder(
  values: Values,
  env: Env,
  now: Date,
  io: Io,
  options: { dryRun: boolean },
): Promise<number> {
  const outDir = values.out ?? 'public';
  // A build keeps its run state, and the folder source its hash cache, beside the output folder.
  const stateDir = localStateDir(outDir, values.state);
  const collection = await openCollection(
    flagsNamed(() => readContentSettings(env), values),
    { hashCacheFile: path.join(stateDir, 'content-hashes.json') },
  );
  const config = await collection.loadConfig();
  const summary = await publishFeeds(
    {
      source: collection.source,
      target: createFsTarget({ dir: outDir }),
      lock: createFsLock({
        file: path.join(stateDir, 'lock.json'),
        manifestFile: path.join(stateDir, 'manifest.json'),
      }),
      index: createFsIndexStore(path.join(stateDir, 'index')),
      fullRun: values.full ?? false,
      now: () => now,
      allowShrink: values['allow-shrink'] ?? false,
      dryRun: options.dryRun,
      ...progressTo(io, options),
    },
    config,
  );
  const report = options.dryRun ? formatPlan : formatSummary;
  io.out(report(summary, path.resolve(outDir)));
  return exitCode(summary);
}

/** `publish`, `publish --dry-run` or `plan --bucket`: through the Lambda's own assembly of the adapters. */
async function publishToS3(
  values: Values,
  env: Env,
  now: Date,
  io: Io,
  options: { dryRun: boolean },
): Promise<number> {
  const settings = flagsNamed(() => readPublishSettings(env), values);
  // The same assembly as the Lambda's (functions/lib/compose.ts), loaded only now: it brings the AWS SDK.
  const { composeS3Publisher } = await import('./lib/compose.js');
  const run = await composeS3Publisher(settings);
  const config = await run.loadConfig();
  const summary = await publishFeeds(
    {
      source: run.collection.source,
      target: run.target,
      lock: run.lock,
      index: run.index,
      now: () => now,
      allowShrink: values['allow-shrink'] ?? settings.allowShrink,
      fullRun: values.full ?? settings.fullRun,
      dryRun: options.dryRun,
      // A plan tells no hub anything: nothing changed yet.
      ...(options.dryRun ? {} : { notifyHubs: hubNotifier(config.websubHubs) }),
      ...progressTo(io, options),
    },
    config,
  );
  const report = options.dryRun ? formatPlan : formatSummary;
  io.out(report(summary, run.target.describe('')));
  return exitCode(summary);
}

/**
 * The flags as the environment variables they stand for, so the CLI and the
 * Lambda read one schema. `--content` (default `content`) always decides
 * where the collection is: a folder, or `s3://bucket/prefix/`.
 */
function variablesOf(values: CommandLine['values']): Record<string, string | undefined> {
  const content = values.content ?? 'content';
  const s3 = /^s3:\/\/([^/]*)\/?(.*)$/.exec(content);
  return {
    ...(values.bucket === undefined ? {} : { FEEDS_BUCKET: values.bucket }),
    ...(values.prefix === undefined ? {} : { FEEDS_PREFIX: values.prefix }),
    ...(values.endpoint === undefined ? {} : { S3_ENDPOINT: values.endpoint }),
    ...(s3
      ? { CONTENT_BUCKET: s3[1], CONTENT_PREFIX: s3[2], CONTENT_DIR: undefined }
      : { CONTENT_DIR: content, CONTENT_BUCKET: undefined, CONTENT_PREFIX: undefined }),
  };
}

/**
 * Where a local build keeps its run state (manifest and lock): never inside
 * the output folder, which is what gets served. By default
 * `.feedwright/<name>` beside the output folder — `public` gives
 * `.feedwright/public/` — so it follows the output folder wherever the
 * command runs from.
 */
export function localStateDir(outDir: string, stateDir?: string): string {
  const out = path.resolve(outDir);
  const state = path.resolve(stateDir ?? path.join(path.dirname(out), '.feedwright', path.basename(out)));
  const inside = (child: string, parent: string) =>
    child === parent || child.startsWith(`${parent}${path.sep}`);
  if (inside(state, out) || inside(out, state)) {
    throw new ConfigError(
      `--state: ${state} and the output folder ${out} must not contain each other: readers would fetch the run state`,
    );
  }
  return state;
}

/**
 * 0 published (a plan: would publish), 1 something refused or failed (would
 * be), 75 (EX_TEMPFAIL) another run held the lock: try again.
 */
function exitCode(summary: RunSummary): number {
  if (summary.busy) return 75;
  return summary.ok ? 0 : 1;
}

/**
 * Settings errors name the environment variable; when the person typed the
 * flag (or typed neither), the message names the flag they would type.
 */
function flagsNamed<T>(read: () => T, values: CommandLine['values']): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const flags: Array<[string, string, string | undefined]> = [
      ['FEEDS_BUCKET', '--bucket', values.bucket],
      ['FEEDS_PREFIX', '--prefix', values.prefix],
      ['S3_ENDPOINT', '--endpoint', values.endpoint],
      ['CONTENT_BUCKET', '--content', values.content],
      ['CONTENT_PREFIX', '--content', values.content],
    ];
    let message = error.message;
    for (const [variable, flag, given] of flags) {
      if (given !== undefined) message = message.replaceAll(`${variable}:`, `${flag}:`);
      else if (message.startsWith(`${variable}: is required`)) {
        message = message.replace(`${variable}: is required`, `${flag} is required (or set ${variable})`);
      }
    }
    throw new ConfigError(message, { cause: error.cause });
  }
}

function parseNow(value: string): Date {
  const date = parseIsoDate(value, 'UTC');
  if (!date) throw new ConfigError(`--now: ${JSON.stringify(value)} is not an ISO 8601 date`);
  return date;
}

/** Runs shorter than this show no progress line: it would only flicker. */
const PROGRESS_AFTER_MS = 1_000;

/** The pipeline's progress as one line on the terminal, at most ten times a second, once the run is long. */
function progressTo(io: Io, run: { dryRun: boolean }): { onProgress?: (progress: RunProgress) => void } {
  const show = io.progress;
  if (!show) return {};
  const started = Date.now();
  const after = io.progressAfterMs ?? PROGRESS_AFTER_MS;
  let shown = 0;
  return {
    onProgress: ({ stage, done, total }) => {
      const now = Date.now();
      if (now - started < after || (done < total && now - shown < 100)) return;
      shown = now;
      const what =
        stage === 'reading' ? 'Reading articles' : run.dryRun ? 'Comparing feeds' : 'Publishing feeds';
      const percent = Math.floor((done / total) * 100);
      show(`${what}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${percent}%)`);
    },
  };
}

/** The terminal: a progress line (on stderr, only when both streams are terminals) is cleared before other output. */
const consoleIo: Io = (() => {
  let progressShown = false;
  const clear = () => {
    if (progressShown) process.stderr.write('\r\x1b[K');
    progressShown = false;
  };
  return {
    out: (line) => {
      clear();
      console.log(line);
    },
    err: (line) => {
      clear();
      console.error(line);
    },
    ...(process.stdout.isTTY && process.stderr.isTTY
      ? {
          progress: (line: string) => {
            process.stderr.write(`\r\x1b[K${line}`);
            progressShown = true;
          },
        }
      : {}),
  };
})();

const invokedDirectly = process.argv[1] && /(?:cli\.ts|feedwright(?:\.mjs)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
