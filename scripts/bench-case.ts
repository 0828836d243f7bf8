/**
 * One benchmark case in a fresh process, so peak RSS belongs to this case
 * alone. Prints one JSON line: { ms, maxRssMb, summary counts }.
 *
 *   node --import tsx scripts/bench-case.ts baseline|build DIR OUT [--full]
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSiteConfig } from '../functions/lib/load-config.js';
import { createFsLock } from '../functions/lib/locks/fs.js';
import { publishFeeds } from '../functions/lib/pipeline.js';
import { createFsSource } from '../functions/lib/sources/fs.js';
import { createFsTarget } from '../functions/lib/targets/fs.js';

const [kind, dir = '', out = '', flag] = process.argv.slice(2);

async function baseline(): Promise<Record<string, number>> {
  // The floor any build must pay: list the folder and read every article once, 32 reads at a time as the build does.
  const articles = path.join(dir, 'articles');
  const names = (await readdir(articles)).sort();
  let bytes = 0;
  for (let start = 0; start < names.length; start += 32) {
    const batch = await Promise.all(
      names.slice(start, start + 32).map((name) => readFile(path.join(articles, name))),
    );
    for (const data of batch) bytes += data.byteLength;
  }
  return { bytes };
}

async function build(): Promise<Record<string, number>> {
  const config = await loadSiteConfig(dir);
  const summary = await publishFeeds(
    {
      source: createFsSource({ dir: path.join(dir, 'articles') }),
      target: createFsTarget({ dir: out }),
      lock: createFsLock({
        file: `${out}.state/lock.json`,
        manifestFile: `${out}.state/manifest.json`,
      }),
      now: () => new Date('2025-06-01T00:00:00Z'),
      fullRun: flag === '--full',
    },
    config,
  );
  if (!summary.ok) throw new Error(JSON.stringify(summary.files));
  return {
    read: summary.articles.read,
    written: summary.files.written.length,
    unchanged: summary.files.unchanged.length,
    feeds: summary.feeds.length,
  };
}

const started = process.hrtime.bigint();
const counts = kind === 'baseline' ? await baseline() : await build();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(
  `${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...counts })}\n`,
);
