/**
 * `npm run bench`: full, no-change and one-changed builds of synthetic
 * collections, against a read-every-file baseline (so results read as ratios
 * on any machine), and the S3 requests of each case against the local Ceph
 * RGW. Then, side by side with Hugo on the same generated articles and the
 * same feeds (scripts/bench/hugo-compare.ts). Writes docs/BENCHMARKS.md.
 *
 *   BENCH_SIZES=1000,10000,50000  BENCH_S3_SIZES=1000,10000  BENCH_RUNS=3  npm run bench
 *   BENCH_HUGO_SIZES=10000,100000  BENCH_HUGO_RUNS=3  BENCH_INSTALL=1  npm run bench
 *   BENCH_ONLY=hugo npm run bench   (only the Hugo comparison; the rest of the report is kept)
 *   BENCH_ONLY=cold npm run bench   (only the packaged handler's cold start; likewise)
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseSiteConfig } from '../functions/lib/config.js';
import { createS3IndexStore } from '../functions/lib/index-stores/s3.js';
import { createS3Lock } from '../functions/lib/locks/s3.js';
import { publishFeeds } from '../functions/lib/pipeline.js';
import { createS3Source } from '../functions/lib/sources/s3.js';
import { createS3Target } from '../functions/lib/targets/s3.js';
import { RUN_STATE, startS3Proxy } from '../test/support/s3-proxy.js';
import { coldStartMarkdown, measureColdStart, spliceColdSection } from './bench/cold-start.js';
import {
  existingHugoSection,
  HUGO_BEGIN,
  type HugoReport,
  runHugoComparison,
  spliceHugoSection,
} from './bench/hugo-compare.js';
import { writeCollection } from './corpus.js';

const run = promisify(execFile);
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const s3Sizes = (process.env.BENCH_S3_SIZES ?? '1000,10000').split(',').filter(Boolean).map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const hugoSizes = (process.env.BENCH_HUGO_SIZES ?? '10000').split(',').filter(Boolean).map(Number);
const hugoRuns = Number(process.env.BENCH_HUGO_RUNS ?? 3);
/** `hugo`: only the Hugo comparison (its section of docs/BENCHMARKS.md is replaced, the rest kept). */
const only = process.env.BENCH_ONLY ?? '';
const work = path.resolve('.cache/bench');
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

interface CaseResult {
  ms: number;
  maxRssMb: number;
  read?: number;
  written?: number;
}

/** bench-case bundled like the Lambda is (esbuild), so no TypeScript loader sits in the measured process. */
const CASE_BUNDLE = path.join(work, 'bench-case.mjs');

async function bundleCase(): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['scripts/bench-case.ts'],
    outfile: CASE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
}

async function runCase(args: string[], nodeFlags: string[] = []): Promise<CaseResult> {
  const { stdout } = await run(process.execPath, [...nodeFlags, CASE_BUNDLE, ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as CaseResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function corpus(count: number): Promise<string> {
  const dir = path.join(work, `corpus-${count}`);
  const done = await stat(path.join(dir, 'site.yml')).catch(() => undefined);
  if (!done) {
    await rm(dir, { recursive: true, force: true });
    progress(`generating ${count} articles`);
    await writeCollection(dir, { count, seed: 1 });
  }
  return dir;
}

/** The file of the main feed's newest item: editing it changes the feeds it is in (the realistic case). */
function newestFileName(feedJson: string): string {
  const id = (JSON.parse(feedJson) as { items: Array<{ id: string }> }).items[0]?.id ?? '';
  // Generated articles carry no id of their own: it is tag:…:<file name>, percent-encoded.
  return `${decodeURIComponent(id.split(':').pop() ?? '')}.md`;
}

/** Edits the newest article's title, so the next run has exactly one change, and one that shows. */
async function touchNewest(dir: string, out: string, index: number): Promise<void> {
  const file = path.join(
    dir,
    'articles',
    newestFileName(await readFile(path.join(out, 'feed.json'), 'utf8')),
  );
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text.replace(/^title: (.*)$/m, (_, title: string) => `title: ${title} (edit ${index})`),
  );
}

async function local(count: number) {
  const dir = await corpus(count);
  const out = path.join(work, `out-${count}`);
  const results = {
    baseline: [] as CaseResult[],
    full: [] as CaseResult[],
    noChange: [] as CaseResult[],
    oneChanged: [] as CaseResult[],
  };
  for (let i = 0; i < runs; i++) {
    progress(`${count}: run ${i + 1}/${runs}`);
    results.baseline.push(await runCase(['baseline', dir]));
    await rm(out, { recursive: true, force: true });
    results.full.push(await runCase(['build', dir, out, '--full']));
    results.noChange.push(await runCase(['build', dir, out]));
    await touchNewest(dir, out, i);
    results.oneChanged.push(await runCase(['build', dir, out]));
  }
  // On this 24 GiB machine V8 collects lazily; a 512 MB Lambda gives Node a far smaller heap. Emulate it once.
  const capped = ['--max-old-space-size=256'];
  await rm(out, { recursive: true, force: true });
  const fullCapped = await runCase(['build', dir, out, '--full'], capped);
  const noChangeCapped = await runCase(['build', dir, out], capped);
  const m = (list: CaseResult[]) => ({
    ms: median(list.map((r) => r.ms)),
    rss: Math.max(...list.map((r) => r.maxRssMb)),
    read: list[0]?.read,
    written: list[0]?.written,
  });
  return {
    count,
    baseline: m(results.baseline),
    full: m(results.full),
    noChange: m(results.noChange),
    oneChanged: m(results.oneChanged),
    capped: { full: fullCapped, noChange: noChangeCapped },
  };
}

async function s3Requests(count: number, endpoint: string) {
  const credentials = {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  };
  const direct = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const bucket = `bench-${count}-${Date.now().toString(36)}`;
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  const dir = await corpus(count);
  progress(`s3 ${count}: uploading`);
  await direct.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'content/site.yml',
      Body: await readFile(path.join(dir, 'site.yml')),
    }),
  );
  const names = (await readdir(path.join(dir, 'articles'))).sort();
  for (let start = 0; start < names.length; start += 32) {
    await Promise.all(
      names.slice(start, start + 32).map(async (name) =>
        direct.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `content/articles/${name}`,
            Body: await readFile(path.join(dir, 'articles', name)),
          }),
        ),
      ),
    );
  }
  const proxy = await startS3Proxy(endpoint);
  const client = new S3Client({
    endpoint: proxy.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const source = createS3Source({ client, bucket, prefix: 'content/' });
  const site = await source.readSite();
  const config = parseSiteConfig(site.text, site.file);
  const once = async () => {
    proxy.reset();
    const started = process.hrtime.bigint();
    const summary = await publishFeeds(
      {
        source,
        target: createS3Target({ client, bucket, prefix: 'feeds/' }),
        lock: createS3Lock({ client, bucket, key: '.feedwright/feeds/run-state.json' }),
        index: createS3IndexStore({ client, bucket, prefix: '.feedwright/feeds/index/' }),
        now: () => new Date('2025-06-01T00:00:00Z'),
      },
      config,
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const ARTICLE = /\/content\/articles\//;
    return {
      ms,
      ok: summary.ok,
      list: proxy.count('LIST'),
      articleGets: proxy.count('GET', ARTICLE),
      stateGets: proxy.count('GET', RUN_STATE),
      heads: proxy.count('HEAD'),
      feedPuts: proxy.requests.filter((r) => r.method === 'PUT' && !RUN_STATE.test(r.path)).length,
      statePuts: proxy.count('PUT', RUN_STATE),
      total: proxy.requests.length,
    };
  };
  progress(`s3 ${count}: full`);
  const full = await once();
  progress(`s3 ${count}: no change`);
  const noChange = await once();
  const feed = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: 'feeds/feed.json' }));
  const last = newestFileName((await feed.Body?.transformToString('utf-8')) ?? '{"items":[]}');
  const text = await readFile(path.join(dir, 'articles', last), 'utf8');
  await direct.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `content/articles/${last}`,
      Body: text.replace(/^title: (.*)$/m, 'title: $1 (s3 edit)'),
    }),
  );
  progress(`s3 ${count}: one changed`);
  const oneChanged = await once();
  await proxy.close();
  return { count, full, noChange, oneChanged };
}

async function s3Server(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  if (process.env.S3_ENDPOINT) return { endpoint: process.env.S3_ENDPOINT, stop: async () => {} };
  const dir = path.join(work, 's3-server');
  const env = { ...process.env, S3_SERVER_DIR: dir, S3_MEMSTORE_BYTES: String(2 * 1024 ** 3) };
  const { stdout } = await run('bash', ['scripts/s3-server/start.sh'], { env });
  for (const line of stdout.split('\n')) {
    const [key, value] = line.split('=');
    if (key && value) process.env[key] = value;
  }
  return {
    endpoint: process.env.S3_ENDPOINT ?? '',
    stop: async () => void (await run('bash', ['scripts/s3-server/stop.sh'], { env })),
  };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function hugoComparison(): Promise<HugoReport> {
  return runHugoComparison({
    sizes: hugoSizes,
    runs: hugoRuns,
    work,
    install: process.env.BENCH_INSTALL === '1',
    timeoutMs: Number(process.env.BENCH_HUGO_TIMEOUT_S ?? 900) * 1000,
    caseBundle: CASE_BUNDLE,
    progress,
  });
}

/** A skipped comparison keeps the last measured section, marked as not rerun. */
function hugoMarkdown(hugo: HugoReport, existing: string): string {
  const previous = hugo.skipped ? existingHugoSection(existing) : undefined;
  if (!previous) return hugo.markdown;
  const note = `_Not rerun on ${new Date().toISOString().slice(0, 10)}: ${hugo.skipped}_`;
  return previous
    .replace(/\n\n_Not rerun on [^\n]*_\n/, '\n')
    .replace(/\n## [^\n]*\n/, (heading) => `${heading}\n${note}\n`);
}

async function onlyHugo() {
  await mkdir(work, { recursive: true });
  await bundleCase();
  const hugo = await hugoComparison();
  const existing = await readFile('docs/BENCHMARKS.md', 'utf8').catch(() => '# Benchmarks\n');
  const notes = await readFile('docs/BENCHMARKS-NOTES.md', 'utf8').catch(() => '');
  const section = hugoMarkdown(hugo, existing);
  await mkdir('docs', { recursive: true });
  await writeFile('docs/BENCHMARKS.md', spliceHugoSection(existing, section, notes));
  process.stdout.write(`${section}\n`);
  await appendFile(
    path.join(work, 'history.log'),
    `${JSON.stringify({ at: new Date().toISOString(), hugoResults: hugo.results, hugoVersions: hugo.versions })}\n`,
  );
}

/** The packaged handler's module initialisation, spliced into the report before the Hugo section. */
async function coldStartSection(): Promise<string> {
  const report = await measureColdStart({
    samples: Number(process.env.BENCH_COLD_SAMPLES ?? 15),
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  const { stdout } = await run('git', ['rev-parse', '--short', 'HEAD']).catch(() => ({
    stdout: 'an unknown commit',
  }));
  return coldStartMarkdown(report, stdout.trim());
}

async function onlyCold() {
  const section = await coldStartSection();
  const existing = await readFile('docs/BENCHMARKS.md', 'utf8').catch(() => '# Benchmarks\n');
  await writeFile('docs/BENCHMARKS.md', spliceColdSection(existing, section, HUGO_BEGIN));
  process.stdout.write(`${section}\n`);
}

async function main() {
  if (only === 'hugo') return onlyHugo();
  if (only === 'cold') return onlyCold();
  if (only) throw new Error(`BENCH_ONLY=${only}: only "hugo" and "cold" are supported`);
  await mkdir(work, { recursive: true });
  await bundleCase();
  const localResults = [];
  for (const count of sizes) localResults.push(await local(count));
  const server = s3Sizes.length ? await s3Server() : undefined;
  const s3Results = [];
  try {
    for (const count of s3Sizes) s3Results.push(await s3Requests(count, server?.endpoint ?? ''));
  } finally {
    await server?.stop();
  }
  const hugo = await hugoComparison();
  const previousReport = await readFile('docs/BENCHMARKS.md', 'utf8').catch(() => '');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    `Run by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}.`,
    `Medians of ${runs} runs per case, each in a fresh process running the case bundled by esbuild (as the Lambda is); peak RSS is the largest of the runs. Collections are synthetic (\`scripts/corpus.ts\`, seed 1): ~2.5 KB Markdown bodies, 10 categories, 30 tags, 12 authors, 53 feeds, 161 files. The baseline lists the folder and reads every article file, 32 at a time, as the build does. Times are measured inside the process (Node and module start-up excluded).`,
    '',
    '## Local builds (folder to folder)',
    '',
    '| articles | read-every-file baseline | full build | full / baseline | peak RSS, full | no change (warm manifest) | one article changed | peak RSS, no change |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...localResults.map(
      (r) =>
        `| ${r.count.toLocaleString('en')} | ${fmt(r.baseline.ms)} | ${fmt(r.full.ms)} | ${(r.full.ms / r.baseline.ms).toFixed(1)}× | ${r.full.rss.toFixed(0)} MB | ${fmt(r.noChange.ms)} (${r.noChange.read} read, ${r.noChange.written} written) | ${fmt(r.oneChanged.ms)} (${r.oneChanged.read} read, ${r.oneChanged.written} written) | ${r.noChange.rss.toFixed(0)} MB |`,
    ),
    '',
    '### Peak RSS with the heap capped at 256 MB (`--max-old-space-size=256`, as in a 512 MB Lambda)',
    '',
    '| articles | full build | peak RSS | no change | peak RSS |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...localResults.map(
      (r) =>
        `| ${r.count.toLocaleString('en')} | ${fmt(r.capped.full.ms)} | ${r.capped.full.maxRssMb.toFixed(0)} MB | ${fmt(r.capped.noChange.ms)} | ${r.capped.noChange.maxRssMb.toFixed(0)} MB |`,
    ),
    '',
    '## Requests to S3 (content under an S3 prefix, feeds to the same bucket, local Ceph RGW)',
    '',
    '| articles | case | time | LIST | article GETs | run-state GETs | HEADs | feed PUTs | run-state PUTs | all requests |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...s3Results.flatMap((r) =>
      (['full', 'noChange', 'oneChanged'] as const).map((c) => {
        const x = r[c];
        const label = { full: 'full (first run)', noChange: 'no change', oneChanged: 'one article changed' }[
          c
        ];
        return `| ${r.count.toLocaleString('en')} | ${label} | ${fmt(x.ms)} | ${x.list} | ${x.articleGets} | ${x.stateGets} | ${x.heads} | ${x.feedPuts} | ${x.statePuts} | ${x.total} |`;
      }),
    ),
    '',
    await coldStartSection(),
    '',
    hugoMarkdown(hugo, previousReport),
    '',
  ];
  await mkdir('docs', { recursive: true });
  const report = lines.join('\n');
  const notes = await readFile('docs/BENCHMARKS-NOTES.md', 'utf8').catch(() => '');
  await writeFile('docs/BENCHMARKS.md', `${report}\n${notes}`);
  process.stdout.write(`${report}\n`);
  await appendFile(
    path.join(work, 'history.log'),
    `${JSON.stringify({ at: new Date().toISOString(), localResults, s3Results, hugoResults: hugo.results, hugoVersions: hugo.versions })}\n`,
  );
}

await main();
