import { randomUUID } from 'node:crypto';
import type { Article, ArticleWarning } from './articles/article.js';
import { parseArticle } from './articles/parse.js';
import type { Config } from './config.js';
import { describeError } from './errors.js';
import { type BuildResult, buildFeeds, type FeedReport } from './feeds/build.js';
import { checkOutput } from './feeds/check.js';
import { refusal } from './feeds/guard.js';
import type { LockHolder, LockSession, RunLock } from './locks/lock.js';
import type { ContentSource } from './sources/source.js';
import { type FeedTarget, hashOf, type PublishedState } from './targets/target.js';

/** Files of per-name and partner feeds: the only objects a run ever deletes. */
const STALE_FEED_FILE = /^(?:categories|tags|authors|partners)\/[^/]+\/(?:rss\.xml|atom\.xml|feed\.json)$/;

export interface PipelineDeps {
  source: ContentSource;
  target: FeedTarget;
  /** The clock, passed in so a run can be replayed "as of" any moment. */
  now: () => Date;
  /** One run at a time per target; without one, runs are not serialised. */
  lock?: RunLock;
  runId?: string;
  /** The explicit override for intended removals: lets a run shrink or empty published feeds. */
  allowShrink?: boolean;
}

/** An article left out of every feed, and why. */
export interface SkippedArticle {
  file: string;
  field?: string;
  reason: string;
}

/** What a run did; logged as JSON by the Lambda, printed by the CLI. */
export interface RunSummary {
  now: string;
  articles: { found: number; live: number; skipped: SkippedArticle[]; warnings: string[] };
  feeds: FeedReport[];
  /** Slug collisions and names without a path, from the feed plan. */
  warnings: string[];
  files: {
    written: string[];
    unchanged: string[];
    refused: Array<{ path: string; reason: string }>;
    /** Reads or writes that failed after the client's retries; the published version stays. */
    failed: Array<{ path: string; reason: string }>;
    /** Stale feed files deleted (only with `feeds.remove_stale: true`). */
    removed: string[];
  };
  /** Set when another run held the lease, or claimed it after this one began: this run changed nothing. */
  busy?: LockHolder;
  ok: boolean;
}

export interface LoadedCollection {
  articles: Article[];
  found: number;
  skipped: SkippedArticle[];
  warnings: ArticleWarning[];
}

/**
 * Reads and validates every article. A broken one is reported with its file
 * and field and skipped; the others carry on. Ids and slugs must be unique:
 * the later file (in listing order) of a clash is skipped.
 */
export async function loadArticles(source: ContentSource, config: Config): Promise<LoadedCollection> {
  const entries = await source.list();
  const articles: Article[] = [];
  const skipped: SkippedArticle[] = [];
  const warnings: ArticleWarning[] = [];
  const byId = new Map<string, string>();
  const bySlug = new Map<string, string>();
  for (const entry of entries) {
    const result = parseArticle(
      { file: entry.file, name: entry.name, bytes: await source.read(entry) },
      config,
    );
    warnings.push(...result.warnings);
    if (!result.ok) {
      for (const error of result.errors) {
        skipped.push({
          file: error.file,
          ...(error.field ? { field: error.field } : {}),
          reason: error.reason,
        });
      }
      continue;
    }
    const { article } = result;
    const sameId = byId.get(article.id);
    const sameSlug = bySlug.get(article.slug);
    if (sameId) {
      skipped.push({ file: article.file, field: 'id', reason: `${article.id} is already used by ${sameId}` });
      continue;
    }
    if (sameSlug) {
      skipped.push({
        file: article.file,
        field: 'slug',
        reason: `"${article.slug}" is already used by ${sameSlug}`,
      });
      continue;
    }
    byId.set(article.id, article.file);
    bySlug.set(article.slug, article.file);
    articles.push(article);
  }
  return { articles, found: entries.length, skipped, warnings };
}

/**
 * The one place that orders the steps: lock, load, select, plan, render,
 * check, guard, publish what changed, report. A file that fails the output
 * gate or a guard is not written (the published version stays) and the run
 * fails; a write that fails after the client's retries is reported and the
 * rest carry on. Another run holding the lock means this one does nothing.
 */
export async function publishFeeds(deps: PipelineDeps, config: Config): Promise<RunSummary> {
  const now = deps.now();
  const runId = deps.runId ?? randomUUID();
  const begun = deps.lock ? await deps.lock.begin(runId, now) : { session: NO_LOCK };
  if ('busy' in begun) return busySummary(now, begun.busy);
  try {
    return await publishWithSession(deps, config, now, begun.session);
  } finally {
    await begun.session.end();
  }
}

const NO_LOCK: LockSession = { claim: async () => ({ claimed: true }), end: async () => {} };

async function publishWithSession(
  deps: PipelineDeps,
  config: Config,
  now: Date,
  session: LockSession,
): Promise<RunSummary> {
  let claim: Awaited<ReturnType<LockSession['claim']>> | undefined;
  /** Claims the lease before the first change; false when another run got in first. */
  const mayChange = async () => {
    claim ??= await session.claim();
    return claim.claimed;
  };
  const collection = await loadArticles(deps.source, config);
  const build: BuildResult = buildFeeds(collection.articles, config, { now });
  const files: RunSummary['files'] = { written: [], unchanged: [], refused: [], failed: [], removed: [] };
  const guard = { maxDropShare: config.maxDropShare, allowShrink: deps.allowShrink ?? false };
  for (const file of build.files) {
    try {
      checkOutput(file);
    } catch (error) {
      files.refused.push({ path: file.path, reason: describeError(error) });
      continue;
    }
    const hash = hashOf(file.body);
    let published: PublishedState | undefined;
    try {
      published = await deps.target.readPublished(file.path);
    } catch (error) {
      files.failed.push({ path: file.path, reason: describeError(error) });
      continue;
    }
    if (published?.hash === hash) {
      files.unchanged.push(file.path);
      continue;
    }
    const refused = file.items === undefined ? undefined : refusal(published?.items, file.items, guard);
    if (refused) {
      files.refused.push({
        path: file.path,
        reason: `${deps.target.describe(file.path)}: ${refused}; kept the published version`,
      });
      continue;
    }
    if (!(await mayChange())) break;
    try {
      await deps.target.write({ ...file, hash });
      files.written.push(file.path);
    } catch (error) {
      files.failed.push({ path: file.path, reason: describeError(error) });
    }
  }
  // Removal only on a clean run: an article skipped for an error would otherwise take its feeds with it.
  const clean = files.refused.length === 0 && files.failed.length === 0 && collection.skipped.length === 0;
  if (config.feeds.removeStale && clean) {
    const produced = new Set(build.files.map((f) => f.path));
    for (const path of await deps.target.list()) {
      if (!STALE_FEED_FILE.test(path) || produced.has(path)) continue;
      if (!(await mayChange())) break;
      await deps.target.remove(path);
      files.removed.push(path);
    }
  }
  if (claim && !claim.claimed) return busySummary(now, claim.holder);
  return {
    now: now.toISOString(),
    articles: {
      found: collection.found,
      live: build.live,
      skipped: collection.skipped,
      warnings: collection.warnings.map((w) => w.message),
    },
    feeds: build.feeds,
    warnings: build.warnings,
    files,
    ok: files.refused.length === 0 && files.failed.length === 0,
  };
}

function busySummary(now: Date, holder: LockHolder): RunSummary {
  return {
    now: now.toISOString(),
    articles: { found: 0, live: 0, skipped: [], warnings: [] },
    feeds: [],
    warnings: [],
    files: { written: [], unchanged: [], refused: [], failed: [], removed: [] },
    busy: holder,
    ok: true,
  };
}
