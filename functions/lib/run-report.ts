import type { RunSummary } from './pipeline.js';

/** The run summary as a few lines for a terminal. */
export function formatSummary(summary: RunSummary, where: string): string {
  const lines: string[] = [];
  const { articles, files } = summary;
  lines.push(
    `${articles.found} article file(s): ${articles.live} published, ${articles.skipped.length ? `${new Set(articles.skipped.map((s) => s.file)).size} skipped` : 'none skipped'}`,
  );
  for (const feed of summary.feeds) {
    lines.push(`  feed ${feed.key}: ${feed.items} item(s), updated ${feed.updated} -> ${feed.dir || './'}`);
  }
  lines.push(
    `${files.written.length} file(s) written, ${files.unchanged.length} unchanged, ${files.refused.length} refused`,
  );
  for (const skipped of articles.skipped) {
    lines.push(`  skipped ${skipped.file}: ${skipped.field ? `${skipped.field}: ` : ''}${skipped.reason}`);
  }
  for (const warning of articles.warnings) lines.push(`  warning ${warning}`);
  for (const refused of files.refused) lines.push(`  REFUSED ${refused.path}: ${refused.reason}`);
  lines.push(`Feeds are in ${where}`);
  return lines.join('\n');
}
