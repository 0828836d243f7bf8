import type { RunSummary } from './pipeline.js';
import { describeHubNotification } from './websub.js';

/** The run summary as a few lines for a terminal: counts, the main and partner feeds, every problem. */
export function formatSummary(summary: RunSummary, where: string): string {
  const lines: string[] = [];
  const { articles, files } = summary;
  if (summary.busy) {
    return `Another run (${summary.busy.runId}, started ${summary.busy.startedAt}) is publishing to ${where}; this one did nothing. Try again after it ends (its lock expires at ${summary.busy.expiresAt}).`;
  }
  if (summary.tookOverFrom) {
    const dead = summary.tookOverFrom;
    const who = dead.pid === undefined ? '' : ` (process ${dead.pid}${dead.host ? ` on ${dead.host}` : ''})`;
    lines.push(
      `warning: took over the lock of run ${dead.runId}${who}, started ${dead.startedAt}, which ended without releasing it`,
    );
  }
  if (articles.unfinished !== undefined) {
    return `${articles.found} article file(s): indexed ${articles.found - articles.unfinished} so far (${articles.read} this run), ${articles.unfinished} to go; nothing published yet — the next run goes on.`;
  }
  const skippedFiles = new Set(articles.skipped.map((s) => s.file)).size;
  lines.push(
    `${articles.found} article file(s): ${articles.live} published, ${skippedFiles ? `${skippedFiles} skipped` : 'none skipped'}; ${articles.read} read this run`,
  );
  const count = (kind: string) => summary.feeds.filter((f) => f.key.startsWith(`${kind}:`)).length;
  lines.push(
    `${summary.feeds.length} feed(s): main, ${count('category')} categories, ${count('tag')} tags, ${count('author')} authors, ${count('language')} languages, ${count('partner')} partners`,
  );
  for (const feed of summary.feeds.filter((f) => f.key === 'main' || f.key.startsWith('partner:'))) {
    lines.push(`  feed ${feed.key}: ${feed.items} item(s), updated ${feed.updated} -> ${feed.dir || './'}`);
  }
  const removed = files.removed.length ? `, ${files.removed.length} stale removed` : '';
  lines.push(
    `${files.written.length} file(s) written, ${files.unchanged.length} unchanged, ${files.refused.length} refused${files.failed.length ? `, ${files.failed.length} failed` : ''}${removed}`,
  );
  for (const skipped of articles.skipped) {
    lines.push(`  skipped ${skipped.file}: ${skipped.field ? `${skipped.field}: ` : ''}${skipped.reason}`);
  }
  for (const warning of [...articles.warnings, ...summary.warnings]) lines.push(`  warning ${warning}`);
  for (const refused of files.refused) lines.push(`  REFUSED ${refused.path}: ${refused.reason}`);
  for (const failed of files.failed) lines.push(`  FAILED ${failed.path}: ${failed.reason}`);
  if (files.refused.some((r) => r.reason.includes('published item'))) {
    lines.push('  (if the removal is intended, run again with --allow-shrink)');
  }
  for (const path of files.removed) lines.push(`  removed stale ${path}`);
  if (summary.websub) {
    const told = summary.websub.filter((n) => n.ok).length;
    lines.push(
      `WebSub: ${told} of ${summary.websub.length} hub(s) told of ${summary.websub[0]?.topics.length ?? 0} changed feed file(s)`,
    );
    for (const failed of summary.websub.filter((n) => !n.ok))
      lines.push(`  HUB FAILED ${describeHubNotification(failed)}`);
  }
  lines.push(`Feeds are in ${where}`);
  return lines.join('\n');
}
