/**
 * Side by side with Hugo: the same generated articles, the same feeds (home
 * plus one per category, newest 20 items, full content), whole processes,
 * Hugo and feedwright alternating. Used by scripts/bench.ts; rerun alone
 * with `BENCH_ONLY=hugo npm run bench`.
 *
 *   BENCH_HUGO_SIZES=10000,100000  BENCH_HUGO_RUNS=3  BENCH_INSTALL=1  BENCH_HUGO_TIMEOUT_S=900
 *
 * The corpus generator and the Hugo site are copies of ../shared/bench/ (see
 * scripts/bench/README.md). Each size is generated once into
 * .cache/bench/hugo-corpus-N/: `hugo/` holds the generator's files as they
 * are, `feedwright/articles/` the same files with `author:` renamed to
 * `authors:` (feedwright's key), beside a site.yml with item_limit 20 and
 * only category feeds.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

const HERE = path.dirname(new URL(import.meta.url).pathname);
const GENERATOR = path.join(HERE, 'gen-corpus.mjs');
const HUGO_SITE = path.join(HERE, 'hugo');
const CLI = path.resolve('dist/feedwright.mjs');
const GNU_TIME = '/usr/bin/time';
/** A fixed clock, so a rerun builds the same feeds (every generated date is before 2025). */
const NOW = '2025-06-01T00:00:00Z';
const SEED = 1;
const ITEM_LIMIT = 20;

export const HUGO_BEGIN = '<!-- bench:hugo:begin -->';
export const HUGO_END = '<!-- bench:hugo:end -->';

export interface HugoOptions {
  sizes: number[];
  runs: number;
  /** Scratch folder (.cache/bench). */
  work: string;
  /** BENCH_INSTALL=1: install Debian's hugo (and time) when missing and running as root. */
  install: boolean;
  timeoutMs: number;
  /** The bundled bench-case (read-every-file baseline), already built by bench.ts. */
  caseBundle: string;
  progress: (line: string) => void;
}

/** One whole process as measured from outside. */
export interface Measured {
  ok: boolean;
  /** Spawn to exit, measured by the bench (start-up and exit included). */
  wallMs: number;
  /** Peak resident set of the process, MiB (GNU time %M, or VmHWM polled from /proc). */
  rssMb: number;
  /** User + system CPU seconds (GNU time only). */
  cpuS?: number;
  error?: string;
  stdout: string;
}

interface Pair {
  hugoFirst: boolean;
  hugo: Measured;
  full: Measured;
  noChange: Measured;
  baseline: Measured & { inProcessMs?: number };
  /** `node dist/feedwright.mjs --help`: Node start-up and loading the bundle, no work. */
  startup: Measured;
}

interface CorpusInfo {
  count: number;
  seed: number;
  generator: string;
  hugoBytes: number;
  feedwrightBytes: number;
}

export interface SizeResult {
  corpus: CorpusInfo;
  pairs: Pair[];
  files?: { hugo: number; hugoFeeds: number; feedwright: number; feedwrightByKind: Record<string, number> };
  sameItems?: { feeds: number; identical: number; differing: string[] };
  noChangeStdout?: string;
}

export interface HugoReport {
  skipped?: string;
  markdown: string;
  results: SizeResult[];
  versions?: Record<string, string>;
}

const median = (values: number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const fmtMs = (ms: number) =>
  !Number.isFinite(ms) ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const fmtMb = (mb: number) =>
  !Number.isFinite(mb) ? '—' : mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${mb.toFixed(0)} MB`;
const fmtRatio = (r: number) =>
  !Number.isFinite(r) ? '—' : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
const n = (count: number) => count.toLocaleString('en');
const isRoot = () => process.getuid?.() === 0;

async function exists(file: string, mode = constants.F_OK): Promise<boolean> {
  return access(file, mode).then(
    () => true,
    () => false,
  );
}

async function aptInstall(pkg: string, progress: (line: string) => void): Promise<boolean> {
  progress(`installing Debian's ${pkg} (apt-get update && apt-get install -y ${pkg})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await exec('apt-get', ['update'], { env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    await exec('apt-get', ['install', '-y', pkg], { env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    return true;
  } catch (error) {
    progress(`could not install ${pkg}: ${(error as Error).message.split('\n')[0]}`);
    return false;
  }
}

async function hugoVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await exec('hugo', ['version'], { timeout: 30_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** Processes started by `measure`, killed (their whole group) if the bench exits early. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
});

/**
 * Runs one command as its own process group and measures it: wall time from
 * here, peak RSS and CPU from GNU time when present, else VmHWM polled from
 * /proc every 10 ms (it never decreases, so only growth in the last 10 ms
 * before exit can be missed).
 */
async function measure(
  command: string,
  args: string[],
  options: { timeoutMs: number; useTime: boolean; scratch: string; env?: NodeJS.ProcessEnv },
): Promise<Measured> {
  const timeFile = path.join(options.scratch, `time-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = options.useTime
    ? [GNU_TIME, ['-f', '%e %M %U %S', '-o', timeFile, command, ...args]]
    : [command, args];
  const started = process.hrtime.bigint();
  const child = spawn(file, argv, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  const pid = child.pid;
  if (pid !== undefined) running.add(pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < 64 * 1024) stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  let polledKb = 0;
  const poll =
    !options.useTime && pid !== undefined
      ? setInterval(() => {
          readFile(`/proc/${pid}/status`, 'utf8').then(
            (status) => {
              const kb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
              if (kb > polledKb) polledKb = kb;
            },
            () => {},
          );
        }, 10)
      : undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', (exitCode) => resolve(exitCode));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  if (pid !== undefined) running.delete(pid);
  let rssMb = polledKb / 1024;
  let cpuS: number | undefined;
  if (options.useTime) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    await rm(timeFile, { force: true });
    const fields = text.trim().split('\n').pop()?.split(' ').map(Number) ?? [];
    rssMb = (fields[1] ?? Number.NaN) / 1024;
    cpuS = (fields[2] ?? Number.NaN) + (fields[3] ?? Number.NaN);
  }
  const ok = code === 0 && !timedOut;
  const result: Measured = { ok, wallMs, rssMb, stdout };
  if (cpuS !== undefined) result.cpuS = cpuS;
  if (!ok) {
    result.error = timedOut
      ? `timed out after ${(options.timeoutMs / 1000).toFixed(0)} s`
      : `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`;
  }
  return result;
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 16);
}

/** The site.yml feedwright builds the paired corpus with: Hugo's feeds, nothing more. */
function siteYaml(count: number): string {
  return [
    '# Written by scripts/bench/hugo-compare.ts: the feeds scripts/bench/hugo renders (home + categories, 20 items).',
    'title: All articles',
    'description: All articles feed',
    'home_url: https://example.com/',
    'feeds_url: https://example.com/',
    'language: en',
    'author: { name: Benchmark }',
    'time_zone: UTC',
    `item_limit: ${ITEM_LIMIT}`,
    'id_authority: example.com,2025',
    'feeds: { categories: { enabled: true }, tags: { enabled: false }, authors: { enabled: false } }',
    `# ${count} articles, generator seed ${SEED}`,
    '',
  ].join('\n');
}

async function corpus(count: number, work: string, progress: (line: string) => void) {
  const dir = path.join(work, `hugo-corpus-${count}`);
  const hugoDir = path.join(dir, 'hugo');
  const feedwrightDir = path.join(dir, 'feedwright');
  const marker = path.join(dir, 'corpus.json');
  const generator = await sha256(GENERATOR);
  const previous = await readFile(marker, 'utf8')
    .then((text) => JSON.parse(text) as CorpusInfo)
    .catch(() => undefined);
  if (previous && previous.generator === generator && previous.count === count && previous.seed === SEED) {
    return { hugoDir, feedwrightDir, info: previous };
  }
  await rm(dir, { recursive: true, force: true });
  progress(`hugo ${n(count)}: generating the corpus (scripts/bench/gen-corpus.mjs, seed ${SEED})`);
  await exec(process.execPath, [GENERATOR, hugoDir, String(count), '--seed', String(SEED)], {
    timeout: 30 * 60_000,
  });
  const articles = path.join(feedwrightDir, 'articles');
  await mkdir(articles, { recursive: true });
  const site = siteYaml(count);
  await writeFile(path.join(feedwrightDir, 'site.yml'), site);
  const names = (await readdir(hugoDir)).filter((name) => name.endsWith('.md')).sort();
  if (names.length !== count) throw new Error(`the generator wrote ${names.length} files, not ${count}`);
  let hugoBytes = 0;
  let feedwrightBytes = Buffer.byteLength(site);
  for (let start = 0; start < names.length; start += 64) {
    await Promise.all(
      names.slice(start, start + 64).map(async (name) => {
        const text = await readFile(path.join(hugoDir, name), 'utf8');
        // The front matter comes first, so the first `author:` line is its key; nothing else changes.
        const adapted = text.replace(/^author: /m, 'authors: ');
        if (adapted === text) throw new Error(`${name}: no "author:" line to rename`);
        hugoBytes += Buffer.byteLength(text);
        feedwrightBytes += Buffer.byteLength(adapted);
        await writeFile(path.join(articles, name), adapted);
      }),
    );
  }
  const info: CorpusInfo = { count, seed: SEED, generator, hugoBytes, feedwrightBytes };
  await writeFile(marker, `${JSON.stringify(info)}\n`);
  return { hugoDir, feedwrightDir, info };
}

/** Reads every file once (untimed) so the first timed run does not pay for a cold page cache. */
async function warm(dir: string): Promise<void> {
  const names = await readdir(dir);
  for (let start = 0; start < names.length; start += 64) {
    await Promise.all(names.slice(start, start + 64).map((name) => readFile(path.join(dir, name))));
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else files.push(rel);
  }
  return files;
}

const itemLinks = (xml: string) =>
  [...xml.matchAll(/<item>[\s\S]*?<link>([^<]*)<\/link>/g)].map((m) => m[1] ?? '');

/** Do both tools' RSS feeds list the same items (links) in the same order? */
async function compareItems(hugoOut: string, feedwrightOut: string, hugoFiles: string[]) {
  const differing: string[] = [];
  const feeds = hugoFiles.filter((file) => file.endsWith('index.xml'));
  for (const file of feeds) {
    const ours = file === 'index.xml' ? 'rss.xml' : file.replace(/index\.xml$/, 'rss.xml');
    const [a, b] = await Promise.all([
      readFile(path.join(hugoOut, file), 'utf8'),
      readFile(path.join(feedwrightOut, ours), 'utf8').catch(() => ''),
    ]);
    if (itemLinks(a).join('\n') !== itemLinks(b).join('\n')) differing.push(file);
  }
  return { feeds: feeds.length, identical: feeds.length - differing.length, differing };
}

async function pairs(count: number, options: HugoOptions, useTime: boolean): Promise<SizeResult> {
  const { hugoDir, feedwrightDir, info } = await corpus(count, options.work, options.progress);
  const runsDir = path.join(options.work, `hugo-runs-${count}`);
  await rm(runsDir, { recursive: true, force: true });
  await mkdir(runsDir, { recursive: true });
  options.progress(`hugo ${n(count)}: warming the page cache`);
  await warm(hugoDir);
  await warm(path.join(feedwrightDir, 'articles'));
  const m = { timeoutMs: options.timeoutMs, useTime, scratch: runsDir };
  const result: SizeResult = { corpus: info, pairs: [] };
  for (let i = 0; i < options.runs; i++) {
    const last = i === options.runs - 1;
    const hugoOut = path.join(runsDir, `hugo-out-${i}`);
    const hugoCache = path.join(runsDir, `hugo-cache-${i}`);
    const out = path.join(runsDir, `feedwright-out-${i}`);
    const state = path.join(runsDir, `feedwright-state-${i}`);
    const hugoFirst = i % 2 === 0;
    const hugo = async () => {
      options.progress(`hugo ${n(count)}: pair ${i + 1}/${options.runs}: hugo`);
      await rm(hugoOut, { recursive: true, force: true });
      await rm(hugoCache, { recursive: true, force: true });
      await mkdir(hugoCache, { recursive: true });
      // The command of scripts/bench/hugo/run.sh, with a fresh destination and cache folder each run,
      // and Hugo's resources/ folder there too rather than in scripts/bench/hugo.
      return measure(
        'hugo',
        [
          '--quiet',
          '--source',
          HUGO_SITE,
          '--contentDir',
          hugoDir,
          '--destination',
          hugoOut,
          '--cacheDir',
          hugoCache,
          '--ignoreCache',
          '--noBuildLock',
          '--cleanDestinationDir',
        ],
        { ...m, env: { ...process.env, HUGO_RESOURCEDIR: path.join(hugoCache, 'resources') } },
      );
    };
    const feedwright = async () => {
      options.progress(`hugo ${n(count)}: pair ${i + 1}/${options.runs}: feedwright full, then no change`);
      await rm(out, { recursive: true, force: true });
      await rm(state, { recursive: true, force: true });
      const args = [CLI, 'build', '--content', feedwrightDir, '--out', out, '--state', state, '--now', NOW];
      const full = await measure(process.execPath, [...args, '--full'], m);
      const noChange = full.ok
        ? await measure(process.execPath, args, m)
        : { ok: false, wallMs: Number.NaN, rssMb: Number.NaN, stdout: '', error: 'full build failed' };
      return { full, noChange };
    };
    options.progress(`hugo ${n(count)}: pair ${i + 1}/${options.runs}: read-every-file baseline`);
    const baselineRun = await measure(process.execPath, [options.caseBundle, 'baseline', feedwrightDir], m);
    const inProcessMs = baselineRun.ok
      ? (JSON.parse(baselineRun.stdout.trim().split('\n').pop() ?? '{}') as { ms?: number }).ms
      : undefined;
    const baseline = inProcessMs === undefined ? baselineRun : { ...baselineRun, inProcessMs };
    const startup = await measure(process.execPath, [CLI, '--help'], m);
    let hugoRun: Measured;
    let fw: { full: Measured; noChange: Measured };
    if (hugoFirst) {
      hugoRun = await hugo();
      fw = await feedwright();
    } else {
      fw = await feedwright();
      hugoRun = await hugo();
    }
    result.pairs.push({ hugoFirst, hugo: hugoRun, full: fw.full, noChange: fw.noChange, baseline, startup });
    for (const [name, run] of [
      ['hugo', hugoRun],
      ['feedwright full', fw.full],
      ['feedwright no change', fw.noChange],
    ] as const) {
      options.progress(
        `hugo ${n(count)}: pair ${i + 1}: ${name}: ${run.ok ? `${fmtMs(run.wallMs)}, ${fmtMb(run.rssMb)}` : run.error}`,
      );
    }
    if (last) {
      const hugoFiles = await listFiles(hugoOut);
      const ours = await listFiles(out);
      const byKind: Record<string, number> = {};
      for (const file of ours) {
        const kind = path.basename(file);
        byKind[kind] = (byKind[kind] ?? 0) + 1;
      }
      result.files = {
        hugo: hugoFiles.length,
        hugoFeeds: hugoFiles.filter((f) => f.endsWith('index.xml')).length,
        feedwright: ours.length,
        feedwrightByKind: byKind,
      };
      if (hugoRun.ok && fw.full.ok) result.sameItems = await compareItems(hugoOut, out, hugoFiles);
      result.noChangeStdout = fw.noChange.stdout.trim();
    }
    await rm(hugoOut, { recursive: true, force: true });
    await rm(hugoCache, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
    await rm(state, { recursive: true, force: true });
  }
  await rm(runsDir, { recursive: true, force: true });
  return result;
}

async function machine(): Promise<string> {
  const os = await readFile('/etc/os-release', 'utf8')
    .then((text) => /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1])
    .catch(() => undefined);
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB${os ? `, ${os}` : ''}`;
}

async function gitRevision(): Promise<string> {
  try {
    const { stdout } = await exec('git', ['describe', '--always', '--dirty'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return 'unknown';
  }
}

/** Rebuilds dist/feedwright.mjs from the current sources; keeps the old bundle if that fails. */
async function buildCli(progress: (line: string) => void): Promise<boolean> {
  try {
    await exec(process.execPath, ['scripts/build-cli.mjs'], { timeout: 120_000 });
    return true;
  } catch (error) {
    const have = await exists(CLI);
    progress(
      `could not rebuild dist/feedwright.mjs (${(error as Error).message.split('\n')[0]})${have ? '; measuring the existing bundle' : ''}`,
    );
    return have;
  }
}

function skippedSection(reason: string): string {
  return [
    HUGO_BEGIN,
    '## Side by side with Hugo',
    '',
    `Skipped on ${new Date().toISOString().slice(0, 10)}: ${reason}`,
    HUGO_END,
  ].join('\n');
}

export async function runHugoComparison(options: HugoOptions): Promise<HugoReport> {
  const { progress } = options;
  let version = await hugoVersion();
  if (!version) {
    const command = 'apt-get update && apt-get install -y hugo';
    if (options.install && isRoot() && (await aptInstall('hugo', progress))) version = await hugoVersion();
    if (!version) {
      const reason = `\`hugo\` is not installed. Install Debian's package with \`${command}\` (as root; \`BENCH_INSTALL=1 npm run bench\` does it when run as root), then rerun \`BENCH_ONLY=hugo npm run bench\`.`;
      progress(`skipping the Hugo comparison: ${reason}`);
      return { skipped: reason, markdown: skippedSection(reason), results: [] };
    }
  }
  let useTime = await exists(GNU_TIME, constants.X_OK);
  if (!useTime && options.install && isRoot()) useTime = await aptInstall('time', progress);
  if (!useTime) progress(`${GNU_TIME} not found: peak RSS from /proc/PID/status VmHWM polled every 10 ms`);
  if (!(await buildCli(progress))) {
    const reason = 'dist/feedwright.mjs could not be built (`npm run build`).';
    progress(`skipping the Hugo comparison: ${reason}`);
    return { skipped: reason, markdown: skippedSection(reason), results: [] };
  }
  await mkdir(options.work, { recursive: true });
  const results: SizeResult[] = [];
  for (const count of options.sizes) {
    results.push(await pairs(count, options, useTime));
  }
  const versions = {
    hugo: version.split(' ').slice(0, 2).join(' '),
    node: process.version,
    feedwright: await gitRevision(),
    machine: await machine(),
  };
  return { markdown: render(results, options, versions, useTime), results, versions };
}

function summarize(r: SizeResult) {
  const ok = r.pairs.filter((p) => p.hugo.ok && p.full.ok);
  const okNoChange = ok.filter((p) => p.noChange.ok);
  return {
    hugo: median(r.pairs.filter((p) => p.hugo.ok).map((p) => p.hugo.wallMs)),
    hugoRss: median(r.pairs.filter((p) => p.hugo.ok).map((p) => p.hugo.rssMb)),
    hugoCpu: median(r.pairs.filter((p) => p.hugo.ok).map((p) => p.hugo.cpuS ?? Number.NaN)),
    full: median(r.pairs.filter((p) => p.full.ok).map((p) => p.full.wallMs)),
    fullRss: median(r.pairs.filter((p) => p.full.ok).map((p) => p.full.rssMb)),
    fullCpu: median(r.pairs.filter((p) => p.full.ok).map((p) => p.full.cpuS ?? Number.NaN)),
    noChange: median(r.pairs.filter((p) => p.noChange.ok).map((p) => p.noChange.wallMs)),
    noChangeRss: median(r.pairs.filter((p) => p.noChange.ok).map((p) => p.noChange.rssMb)),
    baseline: median(r.pairs.filter((p) => p.baseline.ok).map((p) => p.baseline.wallMs)),
    baselineIn: median(r.pairs.map((p) => p.baseline.inProcessMs ?? Number.NaN)),
    baselineRss: median(r.pairs.filter((p) => p.baseline.ok).map((p) => p.baseline.rssMb)),
    startup: median(r.pairs.filter((p) => p.startup.ok).map((p) => p.startup.wallMs)),
    startupRss: median(r.pairs.filter((p) => p.startup.ok).map((p) => p.startup.rssMb)),
    wallRatio: median(ok.map((p) => p.full.wallMs / p.hugo.wallMs)),
    rssRatio: median(ok.map((p) => p.full.rssMb / p.hugo.rssMb)),
    noChangeRatio: median(okNoChange.map((p) => p.noChange.wallMs / p.hugo.wallMs)),
    pairsOk: ok.length,
  };
}

const verdict = (measured: number, target: number) =>
  !Number.isFinite(measured)
    ? 'not measured'
    : measured <= target
      ? 'met'
      : `missed by ~${(measured / target).toFixed(measured / target >= 10 ? 0 : 1)}×`;

function render(
  results: SizeResult[],
  options: HugoOptions,
  versions: Record<string, string>,
  useTime: boolean,
): string {
  const day = new Date().toISOString().slice(0, 10);
  const rows = results.map((r) => ({ r, s: summarize(r) }));
  const kinds = (f: NonNullable<SizeResult['files']>) =>
    Object.entries(f.feedwrightByKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, k]) => `${k} ${kind}`)
      .join(', ');
  const lines = [
    HUGO_BEGIN,
    '## Side by side with Hugo (whole process, same articles, same feeds)',
    '',
    `Run by \`npm run bench\` on ${day} (\`BENCH_ONLY=hugo npm run bench\` reruns only this section; \`BENCH_HUGO_SIZES=10000,100000\` adds 100,000): ${versions.machine}; ${versions.hugo} (Debian package); Node ${versions.node}; feedwright \`dist/feedwright.mjs\` bundled from ${versions.feedwright}.`,
    '',
    `Corpus: \`scripts/bench/gen-corpus.mjs N --seed ${SEED}\` (copied from \`../shared/bench/\`): ~600–1,200-word Markdown bodies with links, lists, code, accents, Arabic and emoji, 1–3 of 20 categories, 50 authors. ${rows.map(({ r }) => `${n(r.corpus.count)} articles = ${(r.corpus.hugoBytes / 1e6).toFixed(1)} MB`).join('; ')}. Hugo reads the files as generated; feedwright reads the same files with \`author:\` renamed to \`authors:\` (its key; one byte more per file) and a site.yml with \`item_limit: ${ITEM_LIMIT}\`, category feeds only (tags and authors disabled), no partners. Feeds: home plus one per category, the newest ${ITEM_LIMIT} items each, full HTML content.`,
    '',
    `Each pair: Hugo (the command of \`scripts/bench/hugo/run.sh\`: \`hugo --quiet\`, fresh \`--destination\` and \`--cacheDir\`, \`--ignoreCache\`) and \`node dist/feedwright.mjs build --full --now ${NOW}\` (fresh \`--out\` and \`--state\`), alternating which runs first; then feedwright again on the same output and state (no change). Before each pair, the read-every-file baseline (\`scripts/bench-case.ts baseline\`, bundled) reads the feedwright copy, and \`node dist/feedwright.mjs --help\` times start-up alone (Node, then loading the bundle and its dependencies). Wall time is the whole process (start-up included) timed by the bench from spawn to exit; ${useTime ? 'peak RSS and CPU (user + system) from GNU time (`/usr/bin/time -f "%e %M %U %S"`)' : 'peak RSS is VmHWM polled from /proc every 10 ms (GNU time was not installed)'}. Ratios are feedwright / Hugo within each pair; medians over ${options.runs} pairs. The page cache is warm (every file read once before the first pair).`,
    '',
    '| articles | Hugo full | feedwright full | full / Hugo (median of pairs) | Hugo peak RSS | feedwright peak RSS, full | RSS / Hugo (median of pairs) | feedwright no change | no change / Hugo full | read-every-file baseline (whole process; in-process) | feedwright start-up (`--help`) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ r, s }) =>
        `| ${n(r.corpus.count)} | ${fmtMs(s.hugo)} | ${fmtMs(s.full)} | **${fmtRatio(s.wallRatio)}** | ${fmtMb(s.hugoRss)} | ${fmtMb(s.fullRss)} | **${fmtRatio(s.rssRatio)}** | ${fmtMs(s.noChange)} (${fmtMb(s.noChangeRss)}) | **${fmtRatio(s.noChangeRatio)}** | ${fmtMs(s.baseline)}; ${fmtMs(s.baselineIn)} (${fmtMb(s.baselineRss)}) | ${fmtMs(s.startup)} (${fmtMb(s.startupRss)}) |`,
    ),
    '',
    useTime
      ? `CPU time (user + system, medians): ${rows.map(({ r, s }) => `${n(r.corpus.count)}: Hugo ${s.hugoCpu.toFixed(1)} s in ${fmtMs(s.hugo)} wall (it uses every core), feedwright full ${s.fullCpu.toFixed(1)} s in ${fmtMs(s.full)}`).join('; ')}.`
      : '',
    '',
    '### Every pair',
    '',
    '| articles | pair | first | Hugo | feedwright full | ratio | Hugo RSS | feedwright RSS | ratio | no change | no change / Hugo |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.flatMap((r) =>
      r.pairs.map((p, i) => {
        const cell = (x: Measured, text: string) => (x.ok ? text : `failed: ${x.error ?? '?'}`);
        return `| ${n(r.corpus.count)} | ${i + 1} | ${p.hugoFirst ? 'Hugo' : 'feedwright'} | ${cell(p.hugo, fmtMs(p.hugo.wallMs))} | ${cell(p.full, fmtMs(p.full.wallMs))} | ${fmtRatio(p.full.wallMs / p.hugo.wallMs)} | ${cell(p.hugo, fmtMb(p.hugo.rssMb))} | ${cell(p.full, fmtMb(p.full.rssMb))} | ${fmtRatio(p.full.rssMb / p.hugo.rssMb)} | ${cell(p.noChange, fmtMs(p.noChange.wallMs))} | ${fmtRatio(p.noChange.wallMs / p.hugo.wallMs)} |`;
      }),
    ),
    '',
    '### Targets',
    '',
    '| target | articles | measured (median of pairs) | verdict |',
    '| --- | ---: | ---: | --- |',
    ...rows.flatMap(({ r, s }) => [
      `| full build ≤ 0.5× Hugo's wall time | ${n(r.corpus.count)} | ${fmtRatio(s.wallRatio)} | ${verdict(s.wallRatio, 0.5)} |`,
      `| full-build peak RSS ≤ 0.1× Hugo's | ${n(r.corpus.count)} | ${fmtRatio(s.rssRatio)} | ${verdict(s.rssRatio, 0.1)} |`,
      `| no-change run ≤ 0.05× Hugo's full-build wall time | ${n(r.corpus.count)} | ${fmtRatio(s.noChangeRatio)} | ${verdict(s.noChangeRatio, 0.05)} |`,
    ]),
    '',
    '### What each tool wrote (last pair)',
    '',
    ...results.map((r) => {
      const f = r.files;
      if (!f) return `- ${n(r.corpus.count)}: not counted.`;
      const same = r.sameItems
        ? ` Items: ${r.sameItems.identical} of ${r.sameItems.feeds} feeds list the same item links in the same order in both tools' RSS${r.sameItems.differing.length ? ` (differing: ${r.sameItems.differing.slice(0, 5).join(', ')})` : ''}.`
        : '';
      return `- ${n(r.corpus.count)}: Hugo ${f.hugo} files (${f.hugoFeeds} RSS feeds); feedwright ${f.feedwright} files (${kinds(f)}) — Hugo writes RSS only.${same}`;
    }),
    HUGO_END,
  ];
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}

/** Replaces the Hugo section of an existing report, or places it before the notes (or at the end). */
export function spliceHugoSection(existing: string, section: string, notes: string): string {
  const begin = existing.indexOf(HUGO_BEGIN);
  const end = existing.indexOf(HUGO_END);
  if (begin >= 0 && end > begin) {
    return `${existing.slice(0, begin)}${section}${existing.slice(end + HUGO_END.length)}`;
  }
  const at = notes ? existing.lastIndexOf(notes.trim()) : -1;
  if (at > 0) return `${existing.slice(0, at)}${section}\n\n${existing.slice(at)}`;
  return `${existing.trimEnd()}\n\n${section}\n`;
}

/** The Hugo section of an existing report, if any (kept when this run skips Hugo). */
export function existingHugoSection(existing: string): string | undefined {
  const begin = existing.indexOf(HUGO_BEGIN);
  const end = existing.indexOf(HUGO_END);
  return begin >= 0 && end > begin ? existing.slice(begin, end + HUGO_END.length) : undefined;
}
