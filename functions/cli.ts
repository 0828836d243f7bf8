#!/usr/bin/env node
/**
 * The `feedwright` command for people: build feeds locally, validate the
 * collection. `npm start` runs `feedwright build`.
 */
import path from 'node:path';
import { parseIsoDate } from './lib/articles/dates.js';
import { type CommandLine, parseCommandLine } from './lib/cli-args.js';
import type { Config, ConfigOverrides } from './lib/config.js';
import { ConfigError, describeError } from './lib/errors.js';
import { createFsIndexStore } from './lib/index-stores/fs.js';
import { loadSiteConfig, loadSiteConfigFrom } from './lib/load-config.js';
import { createFsLock } from './lib/locks/fs.js';
import { loadArticles, publishFeeds, type RunSummary } from './lib/pipeline.js';
import { startPreviewServer } from './lib/preview.js';
import { formatSummary } from './lib/run-report.js';
import { readPublishSettings, readS3Settings, type S3Settings } from './lib/settings.js';
import { createFsSource } from './lib/sources/fs.js';
import type { ContentSource } from './lib/sources/source.js';
import { createFsTarget } from './lib/targets/fs.js';

const USAGE = `Usage: feedwright <command> [options]

Commands:
  build       Build every feed from the collection into a folder (default: public/)
  publish     Build and publish to S3: only changed objects are written
  preview     Serve the built folder on 127.0.0.1 as the bucket would (types, ETags, 304s)
  validate    Check site.yml and every article; exit 1 on any error

Options:
  --content DIR   Content folder with site.yml and articles/ (default: content),
                  or s3://bucket/prefix/ laid out the same way
  --out DIR       Output folder for build (default: public)
  --state DIR     build: where the run state lives, outside the output folder
                  (default: .feedwright/<name of the output folder> beside it)
  --now ISO       Build as of this moment instead of the clock, e.g. 2025-04-15T00:00:00Z
  --bucket NAME   publish: the S3 bucket (or FEEDS_BUCKET)
  --prefix P      publish: key prefix, e.g. feeds/ (or FEEDS_PREFIX)
  --endpoint URL  publish: an S3-compatible server instead of AWS (or S3_ENDPOINT)
  --port N        preview: port on 127.0.0.1 (default 8080; 0 picks a free one)
  --full          build, publish: ignore the manifest; read and compare everything
  --allow-shrink  build, publish: let this run empty a feed or drop more than
                  guards.max_drop_share of its items (an intended removal)

publish takes credentials and region from the usual AWS variables or profile,
and CACHE_CONTROL, FEEDS_URL, HOME_URL as the Lambda does (see README).
  -h, --help      Show this help
`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
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
    const contentDir = values.content ?? 'content';
    const now = values.now === undefined ? new Date() : parseNow(values.now);
    // Settings from the environment and flags, for S3 (publishing, or content kept in a bucket).
    const s3Env = {
      ...process.env,
      ...(values.bucket === undefined ? {} : { FEEDS_BUCKET: values.bucket }),
      ...(values.prefix === undefined ? {} : { FEEDS_PREFIX: values.prefix }),
      ...(values.endpoint === undefined ? {} : { S3_ENDPOINT: values.endpoint }),
    };
    const s3Settings = () => readS3Settings(s3Env);
    const outDir = values.out ?? 'public';
    // A build keeps its run state, and the folder source its hash cache, beside the output folder.
    const stateDir = localStateDir(outDir, values.state);
    const content = await openContent(
      contentDir,
      s3Settings,
      command === 'build' ? path.join(stateDir, 'content-hashes.json') : undefined,
    );
    const source = content.source;
    switch (command) {
      case 'build': {
        const config = await content.loadConfig({});
        const summary = await publishFeeds(
          {
            source,
            target: createFsTarget({ dir: outDir }),
            lock: createFsLock({
              file: path.join(stateDir, 'lock.json'),
              manifestFile: path.join(stateDir, 'manifest.json'),
            }),
            index: createFsIndexStore(path.join(stateDir, 'index')),
            fullRun: values.full ?? false,
            now: () => now,
            allowShrink: values['allow-shrink'] ?? false,
          },
          config,
        );
        io.out(formatSummary(summary, path.resolve(outDir)));
        return exitCode(summary);
      }
      case 'publish': {
        const settings = flagsNamed(() => readPublishSettings(s3Env), values);
        const { createS3Client, createS3IndexStore, createS3Lock, createS3Target } = await import(
          './lib/s3-adapters.js'
        );
        const config = await content.loadConfig({ feedsUrl: settings.feedsUrl, homeUrl: settings.homeUrl });
        const client = createS3Client(settings.s3);
        const target = createS3Target({
          client,
          bucket: settings.bucket,
          prefix: settings.prefix,
          cacheControl: settings.cacheControl,
        });
        const lock = createS3Lock({ client, bucket: settings.state.bucket, key: settings.state.key });
        const summary = await publishFeeds(
          {
            source,
            target,
            lock,
            index: createS3IndexStore({
              client,
              bucket: settings.state.bucket,
              prefix: settings.state.indexPrefix,
            }),
            now: () => now,
            allowShrink: values['allow-shrink'] ?? settings.allowShrink,
            fullRun: values.full ?? settings.fullRun,
          },
          config,
        );
        io.out(formatSummary(summary, target.describe('')));
        return exitCode(summary);
      }
      case 'validate': {
        const collection = await loadArticles(source, await content.loadConfig({}));
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

/**
 * The collection: a folder (`content`, with site.yml and articles/) or an S3
 * prefix (`s3://bucket/prefix/`, laid out the same way).
 */
async function openContent(
  location: string,
  s3Settings: () => S3Settings,
  hashCacheFile?: string,
): Promise<{ source: ContentSource; loadConfig(overrides: ConfigOverrides): Promise<Config> }> {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!s3) {
    return {
      source: createFsSource({
        dir: path.join(location, 'articles'),
        ...(hashCacheFile ? { hashCache: { file: hashCacheFile } } : {}),
      }),
      loadConfig: (overrides) => loadSiteConfig(location, overrides),
    };
  }
  const [, bucket = '', rawPrefix = ''] = s3;
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  const { createS3Client, createS3Source } = await import('./lib/s3-adapters.js');
  const source = createS3Source({ client: createS3Client(s3Settings()), bucket, prefix });
  return { source, loadConfig: (overrides) => loadSiteConfigFrom(() => source.readSite(), overrides) };
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

/** 0 published, 1 something refused or failed, 75 (EX_TEMPFAIL) another run held the lock: try again. */
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

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const invokedDirectly = process.argv[1] && /(?:cli\.ts|feedwright(?:\.mjs)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
