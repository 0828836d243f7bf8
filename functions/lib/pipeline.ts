import { randomUUID } from 'node:crypto';
import type { Article, ArticleWarning } from './articles/article.js';
import { parseArticle, readBody } from './articles/parse.js';
import type { Config } from './config.js';
import { describeError, StorageError } from './errors.js';
import { type FeedReport, planBuild, RENDER_VERSION } from './feeds/build.js';
import { checkOutput } from './feeds/check.js';
import type { OutputFile } from './feeds/document.js';
import { refusal } from './feeds/guard.js';
import type { LockHolder, LockSession, RunLock } from './locks/lock.js';
import {
  type Manifest,
  type OutputRecord,
  reviveArticle,
  type SourceRecord,
  storeArticle,
  usableManifest,
} from './manifest.js';
import type { ContentSource, SourceEntry } from './sources/source.js';
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
  /** Ignore the manifest: read every article, render and compare everything. */
  fullRun?: boolean;
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
  /** `read`: articles read from the source this run (the others came from the manifest unchanged). */
  articles: { found: number; live: number; read: number; skipped: SkippedArticle[]; warnings: string[] };
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
  /** Per source key, for the next run's manifest. */
  records: Record<string, SourceRecord>;
  /** Bodies read during loading, by source key, while they fit the budget (the rest are read again to render). */
  bodies: Map<string, string>;
  /** Articles read from the source in this run (the rest came from the manifest). */
  read: number;
}

function detach<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Articles read at once: enough to keep disk and S3 busy, few enough to bound memory. */
const READ_CONCURRENCY = 32;

/** Bodies kept from loading for rendering in the same run; beyond this they are read again when needed. */
const BODY_CACHE_CHARS = 8 * 1024 * 1024;

/**
 * Reads and validates every article. A broken one is reported with its file
 * and field and skipped; the others carry on. Ids and slugs must be unique:
 * the later file (in listing order) of a clash is skipped. With a previous
 * manifest, an article whose version (ETag, or mtime and size) is unchanged
 * is taken from it without being read.
 */
export async function loadArticles(
  source: ContentSource,
  config: Config,
  previous?: Manifest,
  entries?: SourceEntry[],
): Promise<LoadedCollection> {
  const listed = entries ?? (await source.list());
  const articles: Article[] = [];
  const skipped: SkippedArticle[] = [];
  const warnings: ArticleWarning[] = [];
  const records: Record<string, SourceRecord> = {};
  const bodies = new Map<string, string>();
  let cachedChars = 0;
  let read = 0;
  const byId = new Map<string, string>();
  const bySlug = new Map<string, string>();
  // Reads overlap (I/O-bound on S3 and disk alike); parsing and the checks below stay in listing order.
  const toRead = listed.filter((entry) => {
    if (entry.problem !== undefined) return false;
    const record = entry.version === undefined ? undefined : previous?.sources[entry.key];
    return !record || record.version !== entry.version;
  });
  const bytesByKey = new Map<string, Uint8Array>();
  let nextRead = 0;
  const readAhead = async (upTo: number) => {
    const batch = toRead.slice(nextRead, upTo);
    nextRead = Math.max(nextRead, upTo);
    const loaded = await Promise.all(batch.map((entry) => source.read(entry)));
    for (const [i, entry] of batch.entries()) bytesByKey.set(entry.key, loaded[i] ?? new Uint8Array());
  };
  let readIndex = 0;
  for (const entry of listed) {
    if (entry.problem !== undefined) {
      skipped.push({ file: entry.file, reason: entry.problem });
      continue;
    }
    let record = entry.version === undefined ? undefined : previous?.sources[entry.key];
    if (!record || record.version !== entry.version) {
      if (!bytesByKey.has(entry.key)) await readAhead(readIndex + READ_CONCURRENCY);
      readIndex += 1;
      const bytes = bytesByKey.get(entry.key) ?? new Uint8Array();
      bytesByKey.delete(entry.key);
      read += 1;
      const result = parseArticle({ file: entry.file, name: entry.name, key: entry.key, bytes }, config);
      // Flattened by a JSON round trip: parsed strings are slices of the whole file text, and would keep
      // every article's full text alive for the run (measured: ~8 KB per article instead of ~1 KB).
      record = detach({
        version: entry.version ?? '',
        parsed: result.ok
          ? { ok: true, article: storeArticle(result.article), warnings: result.warnings }
          : {
              ok: false,
              errors: result.errors.map((e) => ({
                file: e.file,
                ...(e.field ? { field: e.field } : {}),
                reason: e.reason,
              })),
              warnings: result.warnings,
            },
      });
      if (result.ok && cachedChars + result.body.length <= BODY_CACHE_CHARS) {
        bodies.set(entry.key, result.body);
        cachedChars += result.body.length;
      }
    }
    if (entry.version !== undefined) records[entry.key] = record;
    warnings.push(...record.parsed.warnings);
    if (!record.parsed.ok) {
      skipped.push(...record.parsed.errors);
      continue;
    }
    const article = reviveArticle(record.parsed.article);
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
  return { articles, found: listed.length, skipped, warnings, records, bodies, read };
}

/**
 * The one place that orders the steps: lock, load, select, plan, render,
 * check, guard, publish what changed, report. With the manifest the last run
 * left, only new or changed articles are read and only output groups whose
 * fingerprint changed are rendered and compared. A file that fails the output
 * gate or a guard is not written (the published version stays) and the run
 * fails; a write that fails after the client's retries is reported and the
 * rest carry on. Another run holding the lease means this one changes nothing.
 */
export async function publishFeeds(deps: PipelineDeps, config: Config): Promise<RunSummary> {
  const now = deps.now();
  const runId = deps.runId ?? randomUUID();
  const begun = deps.lock ? await deps.lock.begin(runId) : { session: NO_LOCK };
  if ('busy' in begun) return busySummary(now, begun.busy);
  let manifest: Manifest | undefined;
  try {
    const result = await publishWithSession(deps, config, now, begun.session);
    manifest = result.manifest;
    return result.summary;
  } finally {
    await begun.session.end(manifest);
  }
}

const NO_LOCK: LockSession = { claim: async () => ({ claimed: true }), end: async () => {} };

async function publishWithSession(
  deps: PipelineDeps,
  config: Config,
  now: Date,
  session: LockSession,
): Promise<{ summary: RunSummary; manifest?: Manifest }> {
  let claim: Awaited<ReturnType<LockSession['claim']>> | undefined;
  /** Claims the lease before the first change; false when another run got in first. */
  const mayChange = async () => {
    claim ??= await session.claim();
    return claim.claimed;
  };
  const basis = `${RENDER_VERSION}:${hashOf(JSON.stringify(config))}`;
  const previous = deps.fullRun ? undefined : usableManifest(session.manifest, basis);
  const entries = await deps.source.list();
  // Nothing listed changed and nothing falls due: the last plan still holds, so there is nothing to do.
  if (previous && planStillHolds(previous, entries, now)) return { summary: unchangedSummary(previous, now) };
  const entryByKey = new Map(entries.map((e) => [e.key, e]));
  const collection = await loadArticles(deps.source, config, previous, entries);
  const plan = planBuild(collection.articles, config, { now });
  const files: RunSummary['files'] = { written: [], unchanged: [], refused: [], failed: [], removed: [] };
  const guard = { maxDropShare: config.maxDropShare, allowShrink: deps.allowShrink ?? false };
  const outputs: Record<string, OutputRecord> = {};

  const changed = plan.groups.filter((group) => {
    const record = previous?.outputs[group.key];
    if (record?.fingerprint !== group.fingerprint) return true;
    outputs[group.key] = record;
    files.unchanged.push(...group.paths);
    return false;
  });
  const bodies = await loadBodies(
    changed.flatMap((g) => g.needs),
    collection.bodies,
    deps.source,
    entryByKey,
  );

  let stopped = false;
  for (const group of changed) {
    const record: OutputRecord = { fingerprint: group.fingerprint, files: {} };
    let complete = true;
    for (const file of group.render(bodies)) {
      if (stopped) break;
      const outcome = await publishFile(file, previous?.outputs[group.key]?.files[file.path]);
      if (outcome.recorded) record.files[file.path] = outcome.recorded;
      else complete = false;
    }
    // A group recorded as current only when every file is: otherwise the next run tries again.
    if (complete && !stopped) outputs[group.key] = record;
    else
      outputs[group.key] = {
        fingerprint: '',
        files: { ...previous?.outputs[group.key]?.files, ...record.files },
      };
  }

  async function publishFile(
    file: OutputFile,
    known: { hash: string; items?: number } | undefined,
  ): Promise<{ recorded?: { hash: string; items?: number } }> {
    const hash = hashOf(file.body);
    const recorded = { hash, ...(file.items === undefined ? {} : { items: file.items }) };
    try {
      checkOutput(file);
    } catch (error) {
      files.refused.push({ path: file.path, reason: describeError(error) });
      return {};
    }
    let published: PublishedState | undefined = known;
    if (!published) {
      try {
        published = await deps.target.readPublished(file.path);
      } catch (error) {
        files.failed.push({ path: file.path, reason: describeError(error) });
        return {};
      }
    }
    if (published?.hash === hash) {
      files.unchanged.push(file.path);
      return { recorded };
    }
    const refused = file.items === undefined ? undefined : refusal(published?.items, file.items, guard);
    if (refused) {
      files.refused.push({
        path: file.path,
        reason: `${deps.target.describe(file.path)}: ${refused}; kept the published version`,
      });
      return {};
    }
    if (!(await mayChange())) {
      stopped = true;
      return {};
    }
    try {
      await deps.target.write({ ...file, hash });
      files.written.push(file.path);
      return { recorded };
    } catch (error) {
      files.failed.push({ path: file.path, reason: describeError(error) });
      return {};
    }
  }

  // Removal only on a clean run: an article skipped for an error would otherwise take its feeds with it.
  const clean = files.refused.length === 0 && files.failed.length === 0 && collection.skipped.length === 0;
  if (config.feeds.removeStale && clean && !stopped) {
    const produced = new Set(plan.groups.flatMap((g) => g.paths));
    const candidates = previous
      ? Object.values(previous.outputs).flatMap((o) => Object.keys(o.files))
      : await deps.target.list();
    for (const path of [...new Set(candidates)].sort()) {
      if (!STALE_FEED_FILE.test(path) || produced.has(path)) continue;
      if (!(await mayChange())) break;
      await deps.target.remove(path);
      files.removed.push(path);
    }
  }
  if (claim && !claim.claimed) return { summary: busySummary(now, claim.holder) };
  const summary: RunSummary = {
    now: now.toISOString(),
    articles: {
      found: collection.found,
      live: plan.live,
      read: collection.read,
      skipped: collection.skipped,
      warnings: collection.warnings.map((w) => w.message),
    },
    feeds: plan.feeds,
    warnings: plan.warnings,
    files,
    ok: files.refused.length === 0 && files.failed.length === 0,
  };
  const stableUntil = nextTimeChange(collection.articles, config, now);
  const next: Manifest = {
    version: 1,
    basis,
    sources: collection.records,
    outputs,
    plan: {
      at: now.toISOString(),
      stableUntil: stableUntil?.toISOString() ?? null,
      report: {
        found: collection.found,
        live: plan.live,
        skipped: collection.skipped,
        articleWarnings: summary.articles.warnings,
        feeds: plan.feeds,
        warnings: plan.warnings,
      },
    },
  };
  // Nothing to store when nothing changed: a run over an unchanged collection writes nothing at all.
  // (Compared by what happened, not by serialising a manifest that holds the whole collection twice.)
  const same =
    previous !== undefined &&
    previous.plan?.stableUntil === next.plan?.stableUntil &&
    collection.read === 0 &&
    changed.length === 0 &&
    Object.keys(previous.sources).length === Object.keys(next.sources).length &&
    Object.keys(previous.outputs).length === Object.keys(next.outputs).length &&
    Object.keys(next.outputs).every((key) => key in previous.outputs);
  return same && !claim ? { summary } : { summary, manifest: next };
}

/**
 * True when the last plan is still the plan: the listing matches the
 * manifest key for key and version for version, every output group was
 * completed, and `now` lies between that plan and the next moment something
 * falls due. A clock that went backwards (a replay with --now) re-plans.
 */
function planStillHolds(previous: Manifest, entries: SourceEntry[], now: Date): boolean {
  const plan = previous.plan;
  if (!plan || now < new Date(plan.at)) return false;
  if (plan.stableUntil !== null && now >= new Date(plan.stableUntil)) return false;
  if (entries.length !== Object.keys(previous.sources).length) return false;
  for (const entry of entries) {
    if (entry.version === undefined || previous.sources[entry.key]?.version !== entry.version) return false;
  }
  return Object.values(previous.outputs).every((output) => output.fingerprint !== '');
}

function unchangedSummary(previous: Manifest, now: Date): RunSummary {
  const report = previous.plan?.report;
  return {
    now: now.toISOString(),
    articles: {
      found: report?.found ?? 0,
      live: report?.live ?? 0,
      read: 0,
      skipped: report?.skipped ?? [],
      warnings: report?.articleWarnings ?? [],
    },
    feeds: report?.feeds ?? [],
    warnings: report?.warnings ?? [],
    files: {
      written: [],
      unchanged: Object.values(previous.outputs).flatMap((output) => Object.keys(output.files)),
      refused: [],
      failed: [],
      removed: [],
    },
    ok: true,
  };
}

/**
 * The next moment after `now` when the feeds would change with no source
 * changing: an embargoed article's date, a held-back update, a partner's
 * delay running out. Null when nothing is pending.
 */
function nextTimeChange(articles: readonly Article[], config: Config, now: Date): Date | null {
  const delays = config.partners.map((p) => p.delayHours * 3_600_000).filter((d) => d > 0);
  const at = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  for (const article of articles) {
    if (article.draft) continue;
    const published = article.date.getTime();
    if (published > at) {
      next = Math.min(next, published);
      continue;
    }
    const updated = article.updated?.getTime();
    if (updated !== undefined && updated > at) next = Math.min(next, updated);
    for (const delay of delays) if (published + delay > at) next = Math.min(next, published + delay);
  }
  return Number.isFinite(next) ? new Date(next) : null;
}

/** Bodies for rendering: from this run's loading where kept, else read again (only these articles). */
async function loadBodies(
  needed: Article[],
  cached: Map<string, string>,
  source: ContentSource,
  entryByKey: Map<string, SourceEntry>,
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const toRead = new Map<string, Article>();
  for (const article of needed) {
    if (bodies.has(article.id) || toRead.has(article.id)) continue;
    const kept = cached.get(article.key);
    if (kept !== undefined) bodies.set(article.id, kept);
    else toRead.set(article.id, article);
  }
  // Reads overlap, as when loading: on S3 each is a round trip.
  const pending = [...toRead.values()];
  for (let start = 0; start < pending.length; start += READ_CONCURRENCY) {
    const batch = pending.slice(start, start + READ_CONCURRENCY);
    const loaded = await Promise.all(
      batch.map((article) => {
        const entry = entryByKey.get(article.key);
        if (!entry) throw new StorageError(`${article.file}: no longer listed by the source`);
        return source.read(entry);
      }),
    );
    for (const [i, article] of batch.entries())
      bodies.set(article.id, readBody(loaded[i] ?? new Uint8Array()));
  }
  return bodies;
}

function busySummary(now: Date, holder: LockHolder): RunSummary {
  return {
    now: now.toISOString(),
    articles: { found: 0, live: 0, read: 0, skipped: [], warnings: [] },
    feeds: [],
    warnings: [],
    files: { written: [], unchanged: [], refused: [], failed: [], removed: [] },
    busy: holder,
    ok: true,
  };
}
