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

/**
 * A dry run's summary as the plan people read: per feed that would change,
 * its item ids (`+` added, `~` updated, `-` removed) and what would happen
 * to its files; the other files; stale feeds a run would remove; every
 * problem; then one line of totals.
 *
 * @example
 *   feed main -> ./
 *     + tag:example.com,2025:rabat  added
 *     files: rss.xml atom.xml feed.json would be written
 */
export function formatPlan(summary: RunSummary, where: string): string {
  const { articles, files } = summary;
  if (articles.unfinished !== undefined) return formatSummary(summary, where);
  const lines = [`Plan for ${where} (a dry run: nothing is written)`];
  const skippedFiles = new Set(articles.skipped.map((s) => s.file)).size;
  lines.push(
    `${articles.found} article file(s): ${articles.live} live, ${skippedFiles ? `${skippedFiles} skipped` : 'none skipped'}; ${articles.read} read`,
  );
  const changed = summary.feeds.filter((feed) => feed.files);
  const totals = { added: 0, updated: 0, removed: 0 };
  for (const feed of changed) {
    lines.push(`feed ${feed.key} -> ${feed.dir || './'}`);
    const { changes } = feed;
    if (changes) {
      for (const id of changes.added) lines.push(`  + ${id}  added`);
      for (const id of changes.updated) lines.push(`  ~ ${id}  updated`);
      for (const id of changes.removed) lines.push(`  - ${id}  removed`);
      for (const kind of ['added', 'updated', 'removed'] as const) {
        const more = changes.omitted?.[kind] ?? 0;
        if (more > 0) lines.push(`  … and ${more} more ${kind}`);
        totals[kind] += changes[kind].length + more;
      }
      if (changes.added.length + changes.updated.length + changes.removed.length === 0 && !changes.omitted)
        lines.push('  (no item added, updated or removed)');
    } else if (feed.files && feed.files.written.length + feed.files.refused.length > 0) {
      lines.push('  (its item changes are not known)');
    }
    lines.push(`  files: ${fileOutcomes(feed.files ?? { written: [], refused: [], failed: [] }, feed.dir)}`);
  }
  const feedPaths = new Set(
    changed.flatMap((feed) => [
      ...(feed.files?.written ?? []),
      ...(feed.files?.refused ?? []),
      ...(feed.files?.failed ?? []),
    ]),
  );
  const other = {
    written: files.written.filter((p) => !feedPaths.has(p)),
    refused: files.refused.map((r) => r.path).filter((p) => !feedPaths.has(p)),
    failed: files.failed.map((r) => r.path).filter((p) => !feedPaths.has(p)),
  };
  if (other.written.length + other.refused.length + other.failed.length > 0) {
    lines.push(`other files: ${fileOutcomes(other, '')}`);
  }
  for (const [dir, names] of byFolder(files.removed)) {
    lines.push(`stale ${dir ? `feed ${dir}` : 'files'}: ${names.join(' ')} would be removed`);
  }
  for (const skipped of articles.skipped) {
    lines.push(`  skipped ${skipped.file}: ${skipped.field ? `${skipped.field}: ` : ''}${skipped.reason}`);
  }
  for (const warning of [...articles.warnings, ...summary.warnings]) lines.push(`  warning ${warning}`);
  for (const refused of files.refused) {
    const reason = refused.reason.replace(
      /; kept the published version$/,
      '; the published version would stay',
    );
    lines.push(`  WOULD REFUSE ${refused.path}: ${reason}`);
  }
  for (const failed of files.failed) lines.push(`  FAILED ${failed.path}: ${failed.reason}`);
  if (files.refused.some((r) => r.reason.includes('published item'))) {
    lines.push('  (if the removal is intended, run with --allow-shrink)');
  }
  const nothing =
    files.written.length + files.refused.length + files.failed.length + files.removed.length === 0;
  lines.push(
    nothing
      ? `Nothing would change: ${files.unchanged.length} file(s) as published.`
      : `Plan: ${changed.length} feed(s) change, ${totals.added} item(s) added, ${totals.updated} updated, ${totals.removed} removed; ${files.written.length} file(s) would be written, ${files.removed.length} removed, ${files.refused.length} refused${files.failed.length ? `, ${files.failed.length} failed` : ''}; ${files.unchanged.length} unchanged.`,
  );
  return lines.join('\n');
}

/** Paths grouped by folder (`tags/old/`, or '' at the top), in order: names within each. */
function byFolder(paths: readonly string[]): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const path of paths) {
    const cut = path.lastIndexOf('/') + 1;
    const dir = path.slice(0, cut);
    folders.set(dir, [...(folders.get(dir) ?? []), path.slice(cut)]);
  }
  return folders;
}

/** `rss.xml atom.xml would be written; feed.json refused`, names relative to `dir`. */
function fileOutcomes(
  files: { written: string[]; refused: string[]; failed: string[] },
  dir: string,
): string {
  const names = (paths: string[]) =>
    paths.map((p) => (p.startsWith(dir) ? p.slice(dir.length) : p)).join(' ');
  return [
    files.written.length ? `${names(files.written)} would be written` : '',
    files.refused.length ? `${names(files.refused)} refused` : '',
    files.failed.length ? `${names(files.failed)} failed` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** Item ids the Lambda logs per run, over all feeds: a log line stays far below CloudWatch's 256 KB per event. */
export const LOGGED_ITEM_IDS = 1_000;

/**
 * The summary with at most `maxIds` item ids over all its feeds, kept in
 * feed order (the main feed first), the rest counted in each feed's
 * `omitted`: a run that rebuilds thousands of feeds still logs one whole line.
 */
export function boundItemIds(summary: RunSummary, maxIds = LOGGED_ITEM_IDS): RunSummary {
  let left = maxIds;
  const feeds = summary.feeds.map((feed) => {
    const changes = feed.changes;
    if (!changes) return feed;
    const kept = { added: [] as string[], updated: [] as string[], removed: [] as string[] };
    const omitted = {
      added: changes.omitted?.added ?? 0,
      updated: changes.omitted?.updated ?? 0,
      removed: changes.omitted?.removed ?? 0,
    };
    for (const kind of ['added', 'updated', 'removed'] as const) {
      const take = Math.min(left, changes[kind].length);
      kept[kind] = changes[kind].slice(0, take);
      omitted[kind] += changes[kind].length - take;
      left -= take;
    }
    const any = omitted.added + omitted.updated + omitted.removed > 0;
    return { ...feed, changes: { ...kept, ...(any ? { omitted } : {}) } };
  });
  return { ...summary, feeds };
}
