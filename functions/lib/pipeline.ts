import { randomUUID } from 'node:crypto';
import type { Article, ArticleWarning } from './articles/article.js';
import { bodyHashOf, parseArticle, readBody } from './articles/parse.js';
import { CODE_IDENTITY } from './code-identity.js';
import { mapConcurrently } from './concurrency.js';
import type { Config } from './config.js';
import { describeError } from './errors.js';
import {
  type BuildPlan,
  type FeedReport,
  type OutputGroup,
  planBuild,
  RENDER_VERSION,
} from './feeds/build.js';
import type { OutputFile } from './feeds/document.js';
import { type GuardOptions, refusal } from './feeds/guard.js';
import type { RenderKit } from './feeds/render-kit.js';
import type { LockHolder, LockSession, RunLock } from './locks/lock.js';
import {
  type Manifest,
  type OutputRecord,
  readManifest,
  reviveArticle,
  type SourceRecord,
  storeArticle,
} from './manifest.js';
import type { ContentSource, SourceEntry } from './sources/source.js';
import { type FeedTarget, hashOf, type PublishedState } from './targets/target.js';

/** Files of per-name and partner feeds: the only objects a run ever deletes. */
const STALE_FEED_FILE = /^(?:categories|tags|authors|partners)\/[^/]+\/(?:rss\.xml|atom\.xml|feed\.json)$/;

/**
 * Where older versions kept their run state, inside what readers can fetch.
 * A run without saved state removes them: they held embargoed titles and
 * partners' secret paths.
 */
const LEGACY_STATE_PATHS = ['.feedwright/run-state.json', '.feedwright/manifest.json'];

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
  /** Which code renders (the bundle's identity by default): saved state made by other code is not reused. */
  codeIdentity?: string;
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
    /** Stale feed files kept for now (this run skipped an article or failed): the next clean run removes them. */
    pendingRemoval: string[];
  };
  /** Whether saved run state was used, and why not: `none`, `outdated`, `invalid: …`, `ignored (full run)`. */
  state: { reused: boolean; note?: string };
  /** Set when another run held the lease, or claimed it after this one began: this run changed nothing. */
  busy?: LockHolder;
  /** Set when this run took over a lease its holder never released (it died): operators must hear of it. */
  tookOverFrom?: LockHolder;
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
 * manifest, an article whose version (content hash or ETag) is unchanged is
 * taken from it without being read.
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
  const reusable = (entry: SourceEntry) =>
    entry.version === undefined ? undefined : previous?.sources[entry.key];
  // Reads overlap (I/O-bound on S3 and disk alike); parsing and the checks below stay in listing order.
  const needsReading = (entry: SourceEntry) => {
    const record = reusable(entry);
    return !record || record.version !== entry.version;
  };
  const toRead = listed.filter((entry) => entry.problem === undefined && needsReading(entry));
  const bytesByKey = new Map<string, Uint8Array | { error: unknown }>();
  let nextRead = 0;
  const readAhead = async (upTo: number) => {
    const batch = toRead.slice(nextRead, upTo);
    nextRead = Math.max(nextRead, upTo);
    const loaded = await Promise.all(
      batch.map((entry) => source.read(entry).catch((error: unknown) => ({ error }))),
    );
    for (const [i, entry] of batch.entries()) bytesByKey.set(entry.key, loaded[i] ?? new Uint8Array());
  };
  let readIndex = 0;
  for (const entry of listed) {
    if (entry.problem !== undefined) {
      skipped.push({ file: entry.file, reason: entry.problem });
      continue;
    }
    let record = reusable(entry);
    if (!record || record.version !== entry.version) {
      if (!bytesByKey.has(entry.key)) await readAhead(readIndex + READ_CONCURRENCY);
      readIndex += 1;
      const bytes = bytesByKey.get(entry.key) ?? new Uint8Array();
      bytesByKey.delete(entry.key);
      if (!(bytes instanceof Uint8Array)) {
        // Deleted or unreadable since the listing: skipped this run, not remembered, read again next run.
        skipped.push({ file: entry.file, reason: describeError(bytes.error) });
        continue;
      }
      read += 1;
      const result = parseArticle({ file: entry.file, name: entry.name, key: entry.key, bytes }, config);
      // Flattened by a JSON round trip: parsed strings are slices of the whole file text, and would keep
      // every article's full text alive for the run (measured: ~8 KB per article instead of ~1 KB).
      record = detach<SourceRecord>({
        version: entry.version ?? 'unversioned',
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
 * What saved state is keyed on: everything that shapes the output bytes —
 * the code (product version, locked dependencies, sources), the render
 * version and the config. Any change means nothing is reused.
 */
function stateBasis(codeIdentity: string, config: Config): string {
  return `${codeIdentity}:${RENDER_VERSION}:${hashOf(JSON.stringify(config))}`;
}

/**
 * The one place that orders the steps, as in docs/ARCHITECTURE.md: lease,
 * saved state, list, load, plan, render what changed, check and guard,
 * publish, remove stale feeds, report, save state. With the state the last
 * run left, only new or changed articles are read and only output groups
 * whose fingerprint changed are rendered and compared. A file that fails the
 * output gate or a guard is not written (the published version stays) and
 * the run fails; a write that fails after the client's retries is reported
 * and the rest carry on. Another run holding the lease means this one
 * changes nothing.
 */
export async function publishFeeds(deps: PipelineDeps, config: Config): Promise<RunSummary> {
  const now = deps.now();
  const runId = deps.runId ?? randomUUID();
  const begun = deps.lock ? await deps.lock.begin(runId) : { session: NO_LOCK };
  if ('busy' in begun) return busySummary(now, begun.busy);
  let manifest: Manifest | undefined;
  try {
    const result = await runSession(deps, config, now, begun.session);
    manifest = result.manifest;
    const { tookOverFrom } = begun.session;
    return tookOverFrom && !result.summary.busy ? { ...result.summary, tookOverFrom } : result.summary;
  } finally {
    await begun.session.end(manifest);
  }
}

const NO_LOCK: LockSession = { claim: async () => ({ claimed: true }), end: async () => {} };

/** Claims the lease before the first change, once; false when another run got in first. */
function lazyClaim(session: LockSession) {
  let claim: Awaited<ReturnType<LockSession['claim']>> | undefined;
  return {
    async mayChange(): Promise<boolean> {
      claim ??= await session.claim();
      return claim.claimed;
    },
    get claimed() {
      return claim !== undefined;
    },
    get lostTo(): LockHolder | undefined {
      return claim && !claim.claimed ? claim.holder : undefined;
    },
  };
}
type Claim = ReturnType<typeof lazyClaim>;

async function runSession(
  deps: PipelineDeps,
  config: Config,
  now: Date,
  session: LockSession,
): Promise<{ summary: RunSummary; manifest?: Manifest }> {
  const claim = lazyClaim(session);
  const basis = stateBasis(deps.codeIdentity ?? CODE_IDENTITY, config);
  const verdict = deps.fullRun
    ? ({ usable: false, reason: 'ignored (full run)' } as const)
    : readManifest(session.manifest, basis);
  const previous = verdict.usable ? verdict.manifest : undefined;
  const state: RunSummary['state'] = verdict.usable
    ? { reused: true }
    : {
        reused: false,
        note: 'detail' in verdict && verdict.detail ? `${verdict.reason}: ${verdict.detail}` : verdict.reason,
      };

  const entries = await deps.source.list();
  // Nothing listed changed and nothing falls due: the last plan still holds, so there is nothing to do.
  if (previous && planStillHolds(previous, entries, now, config)) {
    return { summary: unchangedSummary(previous, now) };
  }
  const collection = await loadArticles(deps.source, config, previous, entries);
  const plan = planBuild(collection.articles, config, { now });
  const files: RunSummary['files'] = {
    written: [],
    unchanged: [],
    refused: [],
    failed: [],
    removed: [],
    pendingRemoval: [],
  };
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
    new Map(entries.map((e) => [e.key, e])),
  );
  // An article whose body could not be read as planned is read again from scratch next run.
  for (const key of bodies.problems.keys()) delete collection.records[key];

  const publisher = createPublisher(deps.target, claim, files, {
    maxDropShare: config.maxDropShare,
    allowShrink: deps.allowShrink ?? false,
  });
  if (changed.length > 0) {
    // Loaded only when something must be rendered: most scheduled runs never pay for it.
    const { renderKit } = await import('./feeds/render-kit.js');
    for (const group of changed) {
      const known = previous?.outputs[group.key];
      outputs[group.key] = await publishGroup(group, known, bodies, renderKit, publisher, files);
    }
  }

  if (!verdict.usable && verdict.reason === 'none') await removeLegacyState(deps.target, claim, files);
  const clean = files.refused.length === 0 && files.failed.length === 0 && collection.skipped.length === 0;
  const pendingRemoval = await removeStaleFeeds(deps.target, claim, files, {
    plan,
    previous,
    mayRemove: config.feeds.removeStale && clean && !publisher.stopped,
    removeStale: config.feeds.removeStale,
  });
  files.pendingRemoval = pendingRemoval;

  if (claim.lostTo) return { summary: busySummary(now, claim.lostTo) };
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
    state,
    ok: files.refused.length === 0 && files.failed.length === 0,
  };
  const stableUntil = nextTimeChange(collection.articles, config, now);
  const next: Manifest = {
    version: 2,
    basis,
    sources: collection.records,
    outputs,
    pendingRemovals: pendingRemoval,
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
    bodies.problems.size === 0 &&
    sameList(previous.pendingRemovals, next.pendingRemovals) &&
    Object.keys(previous.sources).length === Object.keys(next.sources).length &&
    Object.keys(previous.outputs).length === Object.keys(next.outputs).length &&
    Object.keys(next.outputs).every((key) => key in previous.outputs);
  return same && !claim.claimed ? { summary } : { summary, manifest: next };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

type FileOutcome = 'written' | 'unchanged' | 'refused' | 'failed' | 'stopped';

/**
 * Publishes one file: output gate (from the render kit), skip when the
 * published bytes are the same, shrink guards, claim the lease before the first write, write.
 */
function createPublisher(target: FeedTarget, claim: Claim, files: RunSummary['files'], guard: GuardOptions) {
  const publisher = {
    /** Another run claimed the lease after this one began: this one writes nothing more. */
    stopped: false,
    async publish(
      file: OutputFile,
      known: PublishedState | undefined,
      checkOutput: RenderKit['checkOutput'],
    ): Promise<FileOutcome> {
      if (publisher.stopped) return 'stopped';
      const hash = hashOf(file.body);
      try {
        checkOutput(file);
      } catch (error) {
        files.refused.push({ path: file.path, reason: describeError(error) });
        return 'refused';
      }
      let published = known;
      if (!published) {
        try {
          published = await target.readPublished(file.path);
        } catch (error) {
          files.failed.push({ path: file.path, reason: describeError(error) });
          return 'failed';
        }
      }
      if (published?.hash === hash) {
        files.unchanged.push(file.path);
        return 'unchanged';
      }
      const refused = file.items === undefined ? undefined : refusal(published?.items, file.items, guard);
      if (refused) {
        files.refused.push({
          path: file.path,
          reason: `${target.describe(file.path)}: ${refused}; kept the published version`,
        });
        return 'refused';
      }
      if (!(await claim.mayChange())) {
        publisher.stopped = true;
        return 'stopped';
      }
      try {
        await target.write({ ...file, hash });
        files.written.push(file.path);
        return 'written';
      } catch (error) {
        files.failed.push({ path: file.path, reason: describeError(error) });
        return 'failed';
      }
    },
  };
  return publisher;
}
type Publisher = ReturnType<typeof createPublisher>;

/**
 * Renders one output group and publishes its files. The group is recorded
 * as current only when every file is; otherwise its fingerprint is left
 * empty and the next run renders and compares it again.
 */
async function publishGroup(
  group: OutputGroup,
  known: OutputRecord | undefined,
  bodies: LoadedBodies,
  kit: RenderKit,
  publisher: Publisher,
  files: RunSummary['files'],
): Promise<OutputRecord> {
  const incomplete = (recorded: OutputRecord['files']): OutputRecord => ({
    fingerprint: '',
    files: { ...known?.files, ...recorded },
  });
  const unreadable = group.needs.find((article) => bodies.problems.has(article.key));
  if (unreadable) {
    const reason = `${bodies.problems.get(unreadable.key)}; kept the published version`;
    for (const path of group.paths) files.failed.push({ path, reason });
    return incomplete({});
  }
  const recorded: OutputRecord['files'] = {};
  let complete = true;
  for (const file of group.render(bodies.byId, kit)) {
    const outcome = await publisher.publish(file, known?.files[file.path], kit.checkOutput);
    if (outcome === 'written' || outcome === 'unchanged') {
      recorded[file.path] = {
        hash: hashOf(file.body),
        ...(file.items === undefined ? {} : { items: file.items }),
      };
    } else complete = false;
  }
  return complete ? { fingerprint: group.fingerprint, files: recorded } : incomplete(recorded);
}

/**
 * Deletes stale per-name and partner feed files: those an earlier run
 * published (or left pending) that no feed produces now. Only on a clean
 * run — an article skipped for an error would otherwise take its feeds
 * with it — and only with `feeds.remove_stale`. Returns the stale files
 * still standing, remembered until a clean run removes them.
 */
async function removeStaleFeeds(
  target: FeedTarget,
  claim: Claim,
  files: RunSummary['files'],
  options: { plan: BuildPlan; previous: Manifest | undefined; mayRemove: boolean; removeStale: boolean },
): Promise<string[]> {
  if (!options.removeStale) return [];
  const produced = new Set(options.plan.groups.flatMap((g) => g.paths));
  const candidates = options.previous
    ? [
        ...Object.values(options.previous.outputs).flatMap((o) => Object.keys(o.files)),
        ...options.previous.pendingRemovals,
      ]
    : await target.list();
  const stale = [...new Set(candidates)].filter((p) => STALE_FEED_FILE.test(p) && !produced.has(p)).sort();
  if (!options.mayRemove) return stale;
  const pending: string[] = [];
  for (const path of stale) {
    if (!(await claim.mayChange())) return stale;
    try {
      await target.remove(path);
      files.removed.push(path);
    } catch (error) {
      files.failed.push({ path, reason: describeError(error) });
      pending.push(path);
    }
  }
  return pending;
}

/** Run state that older versions kept among the published files is removed, once, by a run without state. */
async function removeLegacyState(
  target: FeedTarget,
  claim: Claim,
  files: RunSummary['files'],
): Promise<void> {
  for (const path of LEGACY_STATE_PATHS) {
    try {
      if ((await target.readPublished(path)) === undefined) continue;
      if (!(await claim.mayChange())) return;
      await target.remove(path);
      files.removed.push(path);
    } catch (error) {
      files.failed.push({ path, reason: `old run state readers can fetch: ${describeError(error)}` });
    }
  }
}

/**
 * True when the last plan is still the plan: the listing matches the
 * manifest key for key and version for version, every output group was
 * completed, no stale feed waits for removal, and `now` lies between that
 * plan and the next moment something falls due. A clock that went
 * backwards (a replay with --now) re-plans.
 */
function planStillHolds(previous: Manifest, entries: SourceEntry[], now: Date, config: Config): boolean {
  const plan = previous.plan;
  if (!plan || now < new Date(plan.at)) return false;
  if (plan.stableUntil !== null && now >= new Date(plan.stableUntil)) return false;
  if (config.feeds.removeStale && previous.pendingRemovals.length > 0) return false;
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
      pendingRemoval: previous.pendingRemovals,
    },
    state: { reused: true },
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

interface LoadedBodies {
  /** Markdown bodies by article id. */
  byId: Map<string, string>;
  /** Articles whose body could not be read as planned, by source key: why. Their feeds wait for the next run. */
  problems: Map<string, string>;
}

/**
 * Bodies for rendering: from this run's loading where kept, else read again
 * (only these articles). A body read again must be the one that was
 * planned (its hash is in the article): one run never publishes two
 * versions of one article.
 */
async function loadBodies(
  needed: Article[],
  cached: Map<string, string>,
  source: ContentSource,
  entryByKey: Map<string, SourceEntry>,
): Promise<LoadedBodies> {
  const byId = new Map<string, string>();
  const problems = new Map<string, string>();
  const toRead = new Map<string, Article>();
  for (const article of needed) {
    if (byId.has(article.id) || toRead.has(article.id)) continue;
    const kept = cached.get(article.key);
    if (kept !== undefined) byId.set(article.id, kept);
    else toRead.set(article.id, article);
  }
  const readOne = async (article: Article): Promise<void> => {
    const entry = entryByKey.get(article.key);
    if (!entry) {
      problems.set(article.key, `${article.file}: no longer listed by the source`);
      return;
    }
    try {
      const body = readBody(await source.read(entry));
      if (bodyHashOf(body) === article.bodyHash) byId.set(article.id, body);
      else problems.set(article.key, `${article.file}: changed during the run; the next run publishes it`);
    } catch (error) {
      problems.set(article.key, describeError(error));
    }
  };
  // Reads overlap, as when loading: on S3 each is a round trip.
  await mapConcurrently([...toRead.values()], READ_CONCURRENCY, readOne);
  return { byId, problems };
}

function busySummary(now: Date, holder: LockHolder): RunSummary {
  return {
    now: now.toISOString(),
    articles: { found: 0, live: 0, read: 0, skipped: [], warnings: [] },
    feeds: [],
    warnings: [],
    files: { written: [], unchanged: [], refused: [], failed: [], removed: [], pendingRemoval: [] },
    state: { reused: false, note: 'busy' },
    busy: holder,
    ok: true,
  };
}
