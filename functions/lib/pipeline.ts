import { createHash, randomUUID } from 'node:crypto';
import type { Article, ArticleWarning, PlannedArticle } from './articles/article.js';
import { type ArticleFile, parseArticle, parseFrontMatterOnly } from './articles/parse.js';
import { CODE_IDENTITY } from './code-identity.js';
import { mapConcurrently } from './concurrency.js';
import type { Config } from './config.js';
import { describeError, StorageError } from './errors.js';
import {
  type BuildPlan,
  type FeedReport,
  type ItemSource,
  type OutputGroup,
  planBuild,
  RENDER_VERSION,
} from './feeds/build.js';
import type { OutputFile } from './feeds/document.js';
import { type GuardOptions, refusal } from './feeds/guard.js';
import { diffFeedItems, type ItemChanges } from './feeds/item-diff.js';
import type { RenderKit } from './feeds/render-kit.js';
import type { LockHolder, LockSession, RunLock } from './locks/lock.js';
import { type Manifest, type OutputRecord, readManifest } from './manifest.js';
import {
  createInlineIndexStore,
  type IndexDescriptor,
  type IndexEntry,
  type IndexStore,
  readIndex,
  removeObsoleteShards,
  type SkippedArticle,
  writeIndex,
} from './run-index.js';
import type { ContentSource, SourceEntry } from './sources/source.js';
import { contentVersion } from './sources/source.js';
import { type FeedTarget, hashOf, type PublishedState } from './targets/target.js';
import type { HubNotification } from './websub.js';

export type { SkippedArticle } from './run-index.js';

/** Files of per-name, language and partner feeds and of archive pages: the only objects a run ever deletes. */
const STALE_FEED_FILE =
  /^(?:(?:categories|tags|authors|partners|languages)\/[^/]+\/(?:archive\/\d+\/)?|archive\/\d+\/)(?:rss\.xml|atom\.xml|feed\.json)$/;

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
  /**
   * Where the run index's shards live (a folder, an S3 prefix beside the run
   * state). Without one they travel inside the manifest (tests, small sites).
   */
  index?: IndexStore;
  /**
   * Source keys an event says were created, overwritten or removed (S3
   * notifications). With usable saved state and a source that can `stat`,
   * the run looks at just these keys instead of listing the collection.
   */
  changedKeys?: string[];
  runId?: string;
  /** The explicit override for intended removals: lets a run shrink or empty published feeds. */
  allowShrink?: boolean;
  /** Ignore the manifest: read every article, render and compare everything. */
  fullRun?: boolean;
  /** Which code renders (the bundle's identity by default): saved state made by other code is not reused. */
  codeIdentity?: string;
  /**
   * Asked between batches of reads while indexing: true when the run must
   * stop to save its work before its deadline (the Lambda's remaining time
   * minus a reserve). The run then saves the index so far, publishes
   * nothing, and the next run goes on from there.
   */
  outOfTime?: () => boolean;
  /**
   * Tells the WebSub hubs which feeds' bytes changed (their public URLs),
   * once the run's files and state are stored. Publishing runs only (the
   * Lambda, `feedwright publish`): a local build has no public URL yet.
   */
  notifyHubs?: (topics: string[]) => Promise<HubNotification[]>;
  /** Told as the run goes (after each batch of reads, each feed group published): for a progress line. */
  onProgress?: (progress: RunProgress) => void;
  /**
   * Plan only: the same stages and decisions as a run, from the same saved
   * state (read with the lock's `peek`: no lease, no lock file), but nothing
   * is written or removed — no feed file, no index shard, no run state, not
   * even the folder source's hash cache. The summary says what a run would
   * write, refuse and remove (`dryRun: true`).
   */
  dryRun?: boolean;
}

/** How far a run has gone: articles read to index them, or feed groups rendered and published. */
export interface RunProgress {
  stage: 'reading' | 'publishing';
  done: number;
  total: number;
}

/** What a run did; logged as JSON by the Lambda, printed by the CLI. */
export interface RunSummary {
  now: string;
  /**
   * `read`: articles read from the source this run to index them (the
   * others came from the index unchanged; items read again to render are
   * not counted). `events`: set when the run looked only at the keys an
   * event named, without listing.
   */
  articles: {
    found: number;
    live: number;
    read: number;
    skipped: SkippedArticle[];
    warnings: string[];
    events?: number;
    /** Articles not indexed yet when the time ran out: nothing was published, and the next run goes on. */
    unfinished?: number;
  };
  /** Every feed the plan makes; those whose files changed say how. */
  feeds: FeedSummary[];
  /**
   * Slug collisions and names without a path, from the feed plan; feeds
   * whose item changes could not be told; in a dry run, a lease held by
   * another run.
   */
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
  /** What each WebSub hub made of this run's changed feeds; absent when no hub was told anything. */
  websub?: HubNotification[];
  /**
   * Set while the published main feed is behind the collection (refused,
   * failed, or waiting for the archive to be indexed): since when. The
   * Lambda reports how long as its MainFeedBehind metric (the stale-feeds alarm).
   */
  mainFeedBehindSince?: string;
  /**
   * Set by a dry run: nothing was written. `files.written` and
   * `files.removed` (and each feed's `files`) are what a run would write
   * and remove now.
   */
  dryRun?: true;
  ok: boolean;
}

/** One feed of the run: what it holds, and for a feed whose files did not all stay the same, what changed. */
export interface FeedSummary extends FeedReport {
  /** Its files this run wrote (a dry run: would write), refused or failed, as paths from the feeds root. */
  files?: { written: string[]; refused: string[]; failed: string[] };
  /**
   * Its items by id against the published feed.json (each list sorted and
   * cut at MAX_IDS_PER_LIST). Told for every feed whose feed.json changes,
   * written or refused; absent when it could not be (a warning says why)
   * or when the feed failed before rendering.
   */
  changes?: ItemChanges;
}

/** The output group of the main feed (rss.xml, atom.xml, feed.json at the top of the prefix). */
const MAIN_FEED_GROUP = 'feed:main';

/** Articles read at once: enough to keep disk and S3 busy, few enough to bound memory. */
const READ_CONCURRENCY = 32;

/** Bytes kept from indexing for checking and rendering in the same run; beyond this they are read again. */
const KEPT_BYTES = 8 * 1024 * 1024;

/** Files indexed between two looks at the clock (see PipelineDeps.outOfTime). */
const INDEX_BATCH = 1_000;

const toFile = (entry: SourceEntry, bytes: Uint8Array): ArticleFile => ({
  file: entry.file,
  name: entry.name,
  key: entry.key,
  bytes,
});

/**
 * Admits articles in listing order, refusing a second use of an id or a
 * slug: the later file of a clash is skipped, with the earlier one named.
 */
function createAdmission() {
  const byId = new Map<string, string>();
  const bySlug = new Map<string, string>();
  return (article: PlannedArticle): SkippedArticle | undefined => {
    const sameId = byId.get(article.id);
    if (sameId)
      return { file: article.file, field: 'id', reason: `${article.id} is already used by ${sameId}` };
    const sameSlug = bySlug.get(article.slug);
    if (sameSlug) {
      return {
        file: article.file,
        field: 'slug',
        reason: `"${article.slug}" is already used by ${sameSlug}`,
      };
    }
    byId.set(article.id, article.file);
    bySlug.set(article.slug, article.file);
    return undefined;
  };
}

const skippedOf = (errors: ReadonlyArray<{ file: string; field?: string; reason: string }>) =>
  errors.map((e) => ({ file: e.file, ...(e.field ? { field: e.field } : {}), reason: e.reason }));

export interface LoadedCollection {
  articles: Article[];
  found: number;
  skipped: SkippedArticle[];
  warnings: ArticleWarning[];
  /** Bodies by source key. */
  bodies: Map<string, string>;
  read: number;
}

/**
 * Reads and validates every article whole, bodies included: what
 * `feedwright validate` and tools need (a run indexes front matter and
 * checks bodies only for the items it publishes). A broken article is
 * reported with its file and field and skipped; the others carry on. Ids
 * and slugs must be unique: the later file (in listing order) of a clash is
 * skipped.
 */
export async function loadArticles(source: ContentSource, config: Config): Promise<LoadedCollection> {
  const listed = await source.list();
  const admit = createAdmission();
  const collection: LoadedCollection = {
    articles: [],
    found: listed.length,
    skipped: [],
    warnings: [],
    bodies: new Map(),
    read: 0,
  };
  const readable = listed.filter((entry) => entry.problem === undefined);
  const loaded = await mapConcurrently(readable, READ_CONCURRENCY, (entry) =>
    source.read(entry).then(
      (bytes) => ({ bytes }),
      (error: unknown) => ({ error }),
    ),
  );
  const byKey = new Map(readable.map((entry, i) => [entry.key, loaded[i]]));
  for (const entry of listed) {
    const outcome = byKey.get(entry.key);
    if (entry.problem !== undefined || !outcome) {
      collection.skipped.push({ file: entry.file, reason: entry.problem ?? 'not read' });
      continue;
    }
    if ('error' in outcome) {
      collection.skipped.push({ file: entry.file, reason: describeError(outcome.error) });
      continue;
    }
    collection.read += 1;
    const result = parseArticle(toFile(entry, outcome.bytes), config);
    collection.warnings.push(...result.warnings);
    if (!result.ok) {
      collection.skipped.push(...skippedOf(result.errors));
      continue;
    }
    const clash = admit(result.article);
    if (clash) {
      collection.skipped.push(clash);
      continue;
    }
    collection.articles.push(result.article);
    collection.bodies.set(entry.key, result.body);
  }
  return collection;
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
 * saved state, list, index, plan (checking the items it picks), render what
 * changed, check and guard, publish, remove stale feeds, report, save
 * state. With the state the last run left, only new or changed articles are
 * read and only output groups whose fingerprint changed are rendered and
 * compared. A file that fails the output gate or a guard is not written
 * (the published version stays) and the run fails; a write that fails
 * after the client's retries is reported and the rest carry on. Another run
 * holding the lease means this one changes nothing.
 */
export async function publishFeeds(deps: PipelineDeps, config: Config): Promise<RunSummary> {
  const now = deps.now();
  if (deps.dryRun) return planRun(deps, config, now);
  const runId = deps.runId ?? randomUUID();
  const begun = deps.lock ? await deps.lock.begin(runId) : { session: NO_LOCK };
  if ('busy' in begun) return busySummary(now, begun.busy);
  let saved: SavedState | undefined;
  let stored = false;
  let summary: RunSummary;
  try {
    const result = await runSession(deps, config, now, begun.session);
    saved = result.saved;
    const { tookOverFrom } = begun.session;
    summary = tookOverFrom && !result.summary.busy ? { ...result.summary, tookOverFrom } : result.summary;
  } finally {
    stored = await begun.session.end(saved?.manifest);
    // Only once the new root is stored: until then the old root's shards are what a next run reads.
    if (stored && saved?.store) await removeObsoleteShards(saved.store, saved.obsolete, saved.manifest.index);
  }
  // Last: the files are where readers fetch them, so a hub that fetches at once gets the new bytes.
  // After a run that died, its writes were never announced, and this run finds them current: every
  // feed file is announced again (rare, and a hub's fetch of an unchanged feed costs it one request).
  const announce = summary.tookOverFrom
    ? [...summary.files.written, ...summary.files.unchanged]
    : summary.files.written;
  // Never a partner feed: its path is its secret, and a hub would learn it (and tell its subscribers).
  const topics = announce
    .filter((path) => FEED_FILE.test(path) && !path.startsWith('partners/'))
    .map((path) => new URL(path, config.feedsUrl).href);
  // A dry run wrote nothing: no hub hears of it, whoever passed a notifier.
  if (deps.notifyHubs && !deps.dryRun && topics.length > 0) {
    summary = { ...summary, websub: await deps.notifyHubs(topics) };
  }
  return summary;
}

/**
 * The files WebSub subscribers subscribe to: every feed in its three formats,
 * not its archive pages (they advertise no hub, and a final one never changes).
 */
const FEED_FILE = /^(?!(?:.*\/)?archive\/\d+\/)(?:.*\/)?(?:rss\.xml|atom\.xml|feed\.json)$/;

const NO_LOCK: LockSession = { claim: async () => ({ claimed: true }), end: async () => false };

/**
 * A dry run: the saved state as a run beginning now would find it (peeked:
 * no lease taken, no lock file made), then the run itself with every write
 * left out. A lease held by another run does not stop the plan; it is said.
 */
async function planRun(deps: PipelineDeps, config: Config, now: Date): Promise<RunSummary> {
  const view = deps.lock ? await deps.lock.peek() : {};
  const session: LockSession = {
    ...NO_LOCK,
    ...(view.manifest === undefined ? {} : { manifest: view.manifest }),
  };
  const { summary } = await runSession(deps, config, now, session);
  const held = view.busy
    ? [
        `another run (${view.busy.runId}, started ${view.busy.startedAt}) holds the lease: a run now would change nothing until it ends, and this plan may be out of date by then`,
      ]
    : [];
  return { ...summary, warnings: [...summary.warnings, ...held], dryRun: true };
}

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

/** The state a run leaves, and the shards of the state it replaces (removed once the new root is stored). */
interface SavedState {
  manifest: Manifest;
  store?: IndexStore;
  obsolete?: IndexDescriptor;
}

interface PreviousState {
  manifest?: Manifest;
  index?: Map<string, IndexEntry>;
  note: RunSummary['state'];
  /** Shards to store the next index in, and those the last root listed. */
  store: IndexStore;
  inline?: ReturnType<typeof createInlineIndexStore>;
  listed?: IndexDescriptor;
}

/**
 * Stage: the saved root, if it is usable, and why not. Its shards are read
 * only when needed (withIndex): a run whose listing matches the root's
 * digest of the last listing reads none.
 */
async function openState(deps: PipelineDeps, config: Config, session: LockSession): Promise<PreviousState> {
  const basis = stateBasis(deps.codeIdentity ?? CODE_IDENTITY, config);
  const raw = session.manifest as { index?: IndexDescriptor; inline?: Record<string, string> } | undefined;
  const listed = typeof raw?.index === 'object' && raw.index !== null ? raw.index : undefined;
  const inline = deps.index ? undefined : createInlineIndexStore(deps.fullRun ? {} : (raw?.inline ?? {}));
  const store = deps.index ?? inline;
  if (!store) throw new Error('unreachable: an index store');
  const base = { store, ...(inline ? { inline } : {}), ...(listed ? { listed } : {}) };
  if (deps.fullRun) return { ...base, note: { reused: false, note: 'ignored (full run)' } };
  const verdict = readManifest(session.manifest, basis);
  if (!verdict.usable) {
    const note = verdict.detail ? `${verdict.reason}: ${verdict.detail}` : verdict.reason;
    return { ...base, note: { reused: false, note } };
  }
  return { ...base, manifest: verdict.manifest, note: { reused: true } };
}

/** Stage: the saved index, every shard read and checked; one that is not as written means starting from nothing. */
async function withIndex(previous: PreviousState): Promise<PreviousState> {
  if (!previous.manifest || previous.index) return previous;
  try {
    return { ...previous, index: await readIndex(previous.manifest.index, previous.store) };
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    const { manifest: _unusable, ...rest } = previous;
    return { ...rest, note: { reused: false, note: `invalid: ${error.message}` } };
  }
}

/**
 * A digest of a listing, key by key in listing order with versions and
 * problems: two listings with the same digest name the same bytes.
 */
function listingDigest(entries: readonly SourceEntry[], learned?: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const entry of entries) {
    const version = entry.version ?? learned?.get(entry.key) ?? '';
    hash.update(`${entry.key}\0${version}\0${entry.problem ?? ''}\n`);
  }
  return hash.digest('hex');
}

/**
 * Stage: what the collection holds now. By default the source's listing;
 * for an event-triggered run with a usable index, the index with just the
 * keys the event named looked at again (no listing: at a million keys that
 * is a thousand LIST requests saved).
 */
async function currentEntries(
  deps: PipelineDeps,
  index: Map<string, IndexEntry> | undefined,
): Promise<{ entries: SourceEntry[]; events?: number }> {
  const { changedKeys, source } = deps;
  if (!changedKeys || !index || !source.stat) {
    // Files without a known version are versioned by the read that indexes them: each is read once.
    return { entries: await source.list(source.readWithVersion ? { versionsOnRead: true } : undefined) };
  }
  const stat = source.stat.bind(source);
  const current = new Map<string, SourceEntry>(index);
  const keys = [...new Set(changedKeys)];
  const looks = await mapConcurrently(keys, READ_CONCURRENCY, (key) => stat(key));
  for (const [i, key] of keys.entries()) {
    const entry = looks[i];
    if (entry) current.set(key, entry);
    else current.delete(key);
  }
  // Listing order (sources list by key), so id and slug clashes resolve as a listing run would.
  const entries = [...current.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { entries, events: keys.length };
}

interface IndexedCollection {
  /** Every listed entry the index keeps (those with a version), in listing order. */
  entries: IndexEntry[];
  /** Listed entries that cannot be articles, or could not be read this run. */
  unreadable: SkippedArticle[];
  found: number;
  read: number;
  /** Bytes read this run, by key, while they fit KEPT_BYTES: checked and rendered without reading again. */
  bytes: Map<string, Uint8Array>;
  /** Whether anything differs from the previous index. */
  changed: boolean;
  /** Entries left to read when the time ran out: the index is partial, and nothing may be published from it. */
  unfinished: number;
  /** Entries whose read failed this run: not remembered, so the next run reads them again. */
  readFailures: number;
}

/**
 * Stage: the index for the current entries. An entry whose version the
 * previous index has is taken from it unread; the rest are read (reads
 * overlap) and their front matter parsed — bodies wait until some feed
 * publishes the article.
 */
async function indexCollection(
  listed: SourceEntry[],
  previous: Map<string, IndexEntry> | undefined,
  source: ContentSource,
  config: Config,
  outOfTime: (() => boolean) | undefined,
  onProgress: PipelineDeps['onProgress'],
): Promise<IndexedCollection> {
  const collection: IndexedCollection = {
    entries: [],
    unreadable: [],
    found: listed.length,
    read: 0,
    bytes: new Map(),
    changed: previous === undefined,
    unfinished: 0,
    readFailures: 0,
  };
  const reusable = (entry: SourceEntry) => {
    const known = entry.version === undefined ? undefined : previous?.get(entry.key);
    return known?.version === entry.version ? known : undefined;
  };
  const toRead = listed.filter((entry) => entry.problem === undefined && !reusable(entry));
  // Each file is indexed as soon as it is read and its bytes dropped (unless kept for rendering):
  // memory follows the index, never the archive's text.
  const indexed = new Map<string, IndexEntry | { error: unknown } | { unchanged: IndexEntry }>();
  let keptBytes = 0;
  for (let start = 0; start < toRead.length; start += INDEX_BATCH) {
    // A run out of time stops between batches; what it indexed is saved and the next run goes on from there.
    if (outOfTime?.()) {
      collection.unfinished = toRead.length - start;
      break;
    }
    await mapConcurrently(toRead.slice(start, start + INDEX_BATCH), READ_CONCURRENCY, async (entry) => {
      let read: { bytes: Uint8Array; version: string };
      try {
        read = source.readWithVersion
          ? await source.readWithVersion(entry)
          : await source
              .read(entry)
              .then((bytes) => ({ bytes, version: entry.version ?? contentVersion(bytes) }));
      } catch (error) {
        indexed.set(entry.key, { error });
        return;
      }
      const { bytes, version } = read;
      // Listed without a version and read to learn it: the same version as indexed means nothing changed.
      const known = previous?.get(entry.key);
      if (known && known.version === version) {
        indexed.set(entry.key, { unchanged: known });
        return;
      }
      if (keptBytes + bytes.byteLength <= KEPT_BYTES) {
        collection.bytes.set(entry.key, bytes);
        keptBytes += bytes.byteLength;
      }
      indexed.set(entry.key, indexEntry(entry, bytes, version, config));
    });
    onProgress?.({
      stage: 'reading',
      done: Math.min(start + INDEX_BATCH, toRead.length),
      total: toRead.length,
    });
  }
  for (const entry of listed) {
    if (entry.problem !== undefined) {
      collection.unreadable.push({ file: entry.file, reason: entry.problem });
      continue;
    }
    const known = reusable(entry);
    if (known) {
      collection.entries.push(known);
      continue;
    }
    const outcome = indexed.get(entry.key);
    if (outcome !== undefined && 'unchanged' in outcome) {
      // Read only to learn its version (the listing's hash cache could not vouch for it), and unchanged.
      collection.entries.push(outcome.unchanged);
      continue;
    }
    collection.changed = true;
    if (outcome === undefined) continue; // Not reached before the time ran out: the next run indexes it.
    if ('error' in outcome) {
      // Deleted or unreadable since the listing: skipped this run, not remembered, read again next run.
      collection.unreadable.push({ file: entry.file, reason: describeError(outcome.error) });
      collection.readFailures += 1;
      continue;
    }
    collection.read += 1;
    collection.entries.push(outcome);
  }
  if (previous && !collection.changed) {
    collection.changed = collection.entries.length !== previous.size;
  }
  return collection;
}

/** One entry's index record from its bytes: the front matter's planning fields, or why it is skipped. */
function indexEntry(entry: SourceEntry, bytes: Uint8Array, version: string, config: Config): IndexEntry {
  const result = parseFrontMatterOnly(toFile(entry, bytes), config);
  const record: IndexEntry = { key: entry.key, name: entry.name, file: entry.file, version };
  if (result.warnings.length > 0) record.warnings = result.warnings.map((w) => w.message);
  if (!result.ok) {
    record.skipped = skippedOf(result.errors);
    return record;
  }
  record.article = plannedFrom(result.article, record.version, config.language);
  return record;
}

/**
 * The planning fields of a parsed article, copied out: parsed strings can be
 * slices of the whole file text, and would keep every article's text alive
 * for the run.
 */
function plannedFrom(article: Article, version: string, siteLanguage: string): PlannedArticle {
  const copy = (text: string) => (text.length > 0 ? `${text[0]}${text.slice(1)}` : text);
  return {
    file: article.file,
    key: article.key,
    version,
    id: copy(article.id),
    slug: copy(article.slug),
    date: article.date,
    ...(article.updated ? { updated: article.updated } : {}),
    draft: article.draft,
    categories: article.categories.map(copy),
    tags: article.tags.map(copy),
    authors: article.authors.map((p) => ({ name: copy(p.name) })),
    ...(article.language === siteLanguage ? {} : { language: article.language }),
    ...(article.retracted ? { retracted: { date: article.retracted.date } } : {}),
    ...(article.translationKey ? { translationKey: copy(article.translationKey) } : {}),
    ...(article.translations.length > 0 ? { translations: article.translations.map(copy) } : {}),
  };
}

interface CheckedPlan {
  plan: BuildPlan<PlannedArticle>;
  articles: PlannedArticle[];
  skipped: SkippedArticle[];
  warnings: string[];
  /** Items parsed whole this run, by id, ready to render. */
  items: Map<string, ItemSource>;
  /** Items whose bytes could not be read as indexed, by key: why. Their feeds keep the published version. */
  problems: Map<string, string>;
  /** Whether checking changed the index (an item checked, or refused). */
  changed: boolean;
}

/**
 * Stage: the plan, with every item it publishes checked whole. Only items
 * some feed carries are parsed with their bodies (Markdown nesting, text
 * cleaning); one that fails is skipped, reported, remembered, and the feeds
 * are planned again without it.
 */
async function planChecked(
  collection: IndexedCollection,
  source: ContentSource,
  config: Config,
  now: Date,
): Promise<CheckedPlan> {
  const items = new Map<string, ItemSource>();
  const problems = new Map<string, string>();
  const byKey = new Map(collection.entries.map((entry) => [entry.key, entry]));
  let changed = false;
  for (;;) {
    const admit = createAdmission();
    const articles: PlannedArticle[] = [];
    const skipped = [...collection.unreadable];
    const warnings: string[] = [];
    for (const entry of collection.entries) {
      if (entry.warnings) warnings.push(...entry.warnings);
      if (!entry.article) {
        skipped.push(...(entry.skipped ?? []));
        continue;
      }
      const clash = admit(entry.article);
      if (clash) skipped.push(clash);
      else articles.push(entry.article);
    }
    const plan = planBuild(articles, config, { now });
    const unchecked = uniqueNeeds(plan.groups).filter((article) => {
      const entry = byKey.get(article.key);
      return entry && !entry.checked && !problems.has(article.key);
    });
    if (unchecked.length === 0) return { plan, articles, skipped, warnings, items, problems, changed };
    let refused = false;
    await mapConcurrently(unchecked, READ_CONCURRENCY, async (article) => {
      const entry = byKey.get(article.key);
      if (!entry) return;
      const outcome = await parseWhole(entry, collection.bytes, source, config);
      if ('problem' in outcome) {
        problems.set(entry.key, outcome.problem);
        return;
      }
      changed = true;
      entry.checked = true;
      if (outcome.result.ok) {
        items.set(article.id, { article: outcome.result.article, body: outcome.result.body });
        return;
      }
      refused = true;
      entry.article = undefined;
      entry.skipped = skippedOf(outcome.result.errors);
    });
    if (!refused) return { plan, articles, skipped, warnings, items, problems, changed };
  }
}

function uniqueNeeds(groups: readonly OutputGroup<PlannedArticle>[]): PlannedArticle[] {
  const seen = new Map<string, PlannedArticle>();
  for (const group of groups) for (const article of group.needs) seen.set(article.key, article);
  return [...seen.values()];
}

/**
 * An entry parsed whole from its bytes: kept from indexing, or read again —
 * the version that was indexed, or a problem (the source refuses any other).
 */
async function parseWhole(
  entry: IndexEntry,
  kept: Map<string, Uint8Array>,
  source: ContentSource,
  config: Config,
): Promise<{ result: ReturnType<typeof parseArticle> } | { problem: string }> {
  let bytes = kept.get(entry.key);
  if (!bytes) {
    try {
      bytes = await source.read(entry);
    } catch (error) {
      return { problem: describeError(error) };
    }
  }
  return { result: parseArticle(toFile(entry, bytes), config) };
}

/**
 * Stage: every item the changed groups render, parsed whole (those checked
 * this run are ready). An item that cannot be read as indexed is a problem:
 * the groups that carry it keep their published files this run.
 */
async function loadItems(
  changed: readonly OutputGroup<PlannedArticle>[],
  checked: CheckedPlan,
  collection: IndexedCollection,
  source: ContentSource,
  config: Config,
): Promise<void> {
  const byKey = new Map(collection.entries.map((entry) => [entry.key, entry]));
  const missing = uniqueNeeds(changed).filter(
    (article) => !checked.items.has(article.id) && !checked.problems.has(article.key),
  );
  await mapConcurrently(missing, READ_CONCURRENCY, async (article) => {
    const entry = byKey.get(article.key);
    const outcome = entry
      ? await parseWhole(entry, collection.bytes, source, config)
      : { problem: `${article.file}: no longer listed by the source` };
    if ('problem' in outcome) checked.problems.set(article.key, outcome.problem);
    else if (outcome.result.ok) {
      checked.items.set(article.id, { article: outcome.result.article, body: outcome.result.body });
    } else {
      // Checked before under the same code and config and the same version: only a bug gets here.
      checked.problems.set(article.key, `${article.file}: no longer parses as it did`);
    }
  });
}

async function runSession(
  deps: PipelineDeps,
  config: Config,
  now: Date,
  session: LockSession,
): Promise<{ summary: RunSummary; saved?: SavedState }> {
  const claim = lazyClaim(session);
  let previous = await openState(deps, config, session);
  // An index left unfinished by a run that ran out of time lacks keys: only a listing tells what is there.
  const byEvents =
    deps.changedKeys !== undefined &&
    deps.source.stat !== undefined &&
    previous.manifest?.partial === undefined;
  if (byEvents) previous = await withIndex(previous);
  const { entries, events } = await currentEntries(deps, byEvents ? previous.index : undefined);
  // Nothing listed changed and nothing falls due: the last plan still holds, so there is nothing to do.
  if (previous.manifest && planStillHolds(previous.manifest, entries, now, config)) {
    await settle(deps);
    const summary = unchangedSummary(previous.manifest, now);
    return { summary: events === undefined ? summary : withEvents(summary, events) };
  }
  previous = await withIndex(previous);
  const collection = await indexCollection(
    entries,
    previous.index,
    deps.source,
    config,
    deps.outOfTime,
    deps.onProgress,
  );
  await settle(deps);
  if (collection.unfinished > 0) return saveUnfinished(deps, config, now, previous, collection);
  const checked = await planChecked(collection, deps.source, config, now);
  const { plan } = checked;
  const files = noFiles();
  const outputs: Record<string, OutputRecord> = {};
  const changed = plan.groups.filter((group) => {
    const record = previous.manifest?.outputs[group.key];
    if (record?.fingerprint !== group.fingerprint) return true;
    outputs[group.key] = record;
    files.unchanged.push(...group.paths);
    return false;
  });
  await loadItems(changed, checked, collection, deps.source, config);

  const dryRun = deps.dryRun ?? false;
  const publisher = createPublisher(deps.target, claim, files, {
    maxDropShare: config.maxDropShare,
    allowShrink: deps.allowShrink ?? false,
    dryRun,
  });
  const groupChanges = new Map<string, GroupChanges>();
  if (changed.length > 0) {
    // Loaded only when something must be rendered: most scheduled runs never pay for it.
    const { renderKit } = await import('./feeds/render-kit.js');
    for (const [done, group] of changed.entries()) {
      const known = previous.manifest?.outputs[group.key];
      const published = await publishGroup(group, known, checked, renderKit, publisher, files);
      outputs[group.key] = published.record;
      if (published.changes) groupChanges.set(group.key, published.changes);
      deps.onProgress?.({ stage: 'publishing', done: done + 1, total: changed.length });
    }
  }

  if (!previous.manifest && previous.note.note === 'none')
    await removeLegacyState(deps.target, claim, files, dryRun);
  const clean = files.refused.length === 0 && files.failed.length === 0 && checked.skipped.length === 0;
  const pendingRemoval = await removeStaleFeeds(deps.target, claim, files, {
    plan,
    previous: previous.manifest,
    mayRemove: config.feeds.removeStale && clean && !publisher.stopped,
    removeStale: config.feeds.removeStale,
    dryRun,
  });
  files.pendingRemoval = pendingRemoval;

  if (claim.lostTo) return { summary: busySummary(now, claim.lostTo) };
  const prior = previous.manifest;
  // Current when its group was published whole as planned (or the site has no main feed).
  const mainGroup = plan.groups.find((group) => group.key === MAIN_FEED_GROUP);
  const mainCurrent = !mainGroup || outputs[MAIN_FEED_GROUP]?.fingerprint === mainGroup.fingerprint;
  const behindSince = mainCurrent ? undefined : (prior?.behindSince ?? now.toISOString());
  const summary: RunSummary = {
    now: now.toISOString(),
    articles: {
      found: collection.found,
      live: plan.live,
      read: collection.read,
      skipped: checked.skipped,
      warnings: checked.warnings,
      ...(events === undefined ? {} : { events }),
    },
    feeds: plan.feeds.map((feed) => withChanges(feed, groupChanges.get(`feed:${feed.key}`))),
    warnings: [...plan.warnings, ...[...groupChanges.values()].flatMap((c) => c.warning ?? [])],
    files,
    state: previous.note,
    ...(behindSince === undefined ? {} : { mainFeedBehindSince: behindSince }),
    ok: files.refused.length === 0 && files.failed.length === 0,
  };
  const stableUntil = nextTimeChange(checked.articles, config, now)?.toISOString() ?? null;
  // Only when everything listed was read as listed: an article that failed to read must be tried again.
  // Versions learned by reading stand in for the ones the next listing gives (from the hash cache).
  const listing =
    collection.readFailures === 0 && checked.problems.size === 0
      ? listingDigest(entries, learnedVersions(collection))
      : undefined;
  // Nothing to store when nothing changed: a run over an unchanged collection writes nothing at all.
  const same =
    prior !== undefined &&
    prior.plan?.stableUntil === stableUntil &&
    prior.listing !== undefined &&
    prior.listing === listing &&
    !collection.changed &&
    !checked.changed &&
    changed.length === 0 &&
    checked.problems.size === 0 &&
    sameList(prior.pendingRemovals, pendingRemoval) &&
    Object.keys(prior.outputs).length === Object.keys(outputs).length &&
    Object.keys(outputs).every((key) => key in prior.outputs) &&
    prior.behindSince === behindSince;
  // A dry run stops here, having written nothing: the state it would save is what the run will save.
  if (dryRun || (same && !claim.claimed)) return { summary };

  // An item that could not be read as indexed is read from scratch next run.
  const remembered = collection.entries.filter((entry) => !checked.problems.has(entry.key));
  const index =
    same && prior
      ? prior.index
      : await writeIndex(remembered, previous.store, previous.manifest ? previous.listed : undefined);
  const manifest: Manifest = {
    version: 3,
    basis: stateBasis(deps.codeIdentity ?? CODE_IDENTITY, config),
    index,
    ...(previous.inline ? { inline: previous.inline.carried(index) } : {}),
    ...(listing === undefined ? {} : { listing }),
    outputs,
    pendingRemovals: pendingRemoval,
    ...(behindSince === undefined ? {} : { behindSince }),
    plan: {
      at: now.toISOString(),
      stableUntil,
      report: {
        found: collection.found,
        live: plan.live,
        skipped: checked.skipped,
        articleWarnings: checked.warnings,
        feeds: plan.feeds,
        warnings: plan.warnings,
      },
    },
  };
  return { summary, saved: savedState(previous, manifest) };
}

/**
 * Stage, for a run out of time: the index so far is saved, marked
 * unfinished, and nothing is published — feeds come only from a complete
 * plan, so readers never see a half-indexed archive. What the last complete
 * run published (outputs, pending removals) is carried over unchanged.
 */
async function saveUnfinished(
  deps: PipelineDeps,
  config: Config,
  now: Date,
  previous: PreviousState,
  collection: IndexedCollection,
): Promise<{ summary: RunSummary; saved?: SavedState }> {
  const behindSince = previous.manifest?.behindSince ?? now.toISOString();
  const summary: RunSummary = {
    now: now.toISOString(),
    articles: {
      found: collection.found,
      live: 0,
      read: collection.read,
      skipped: collection.unreadable,
      warnings: [],
      unfinished: collection.unfinished,
    },
    feeds: [],
    warnings: [],
    files: noFiles(),
    state: previous.note,
    mainFeedBehindSince: behindSince,
    ok: true,
  };
  if (deps.dryRun) return { summary };
  const index = await writeIndex(
    collection.entries,
    previous.store,
    previous.manifest ? previous.listed : undefined,
  );
  const manifest: Manifest = {
    version: 3,
    basis: stateBasis(deps.codeIdentity ?? CODE_IDENTITY, config),
    index,
    ...(previous.inline ? { inline: previous.inline.carried(index) } : {}),
    outputs: previous.manifest?.outputs ?? {},
    pendingRemovals: previous.manifest?.pendingRemovals ?? [],
    partial: { indexed: collection.entries.length, remaining: collection.unfinished },
    // Nothing new reaches the feeds until the index is complete: behind since the first unfinished run.
    behindSince,
  };
  return { summary, saved: savedState(previous, manifest) };
}

/** The state to store, with where its shards are and which shards it replaces. */
function savedState(previous: PreviousState, manifest: Manifest): SavedState {
  return {
    manifest,
    ...(previous.inline ? {} : { store: previous.store }),
    ...(previous.listed ? { obsolete: previous.listed } : {}),
  };
}

/**
 * Keeps what the source learned while reading (the folder's hash cache). A
 * dry run keeps nothing, this cache included: the next run hashes again
 * what the plan read, and the plan leaves no trace.
 */
async function settle(deps: PipelineDeps): Promise<void> {
  if (!deps.dryRun) await deps.source.settle?.();
}

/** A feed's files that did not stay the same, and its item changes (or why they cannot be told). */
interface GroupChanges {
  files: NonNullable<FeedSummary['files']>;
  items?: ItemChanges;
  warning?: string;
}

function withChanges(feed: FeedReport, changes: GroupChanges | undefined): FeedSummary {
  if (!changes) return feed;
  return { ...feed, files: changes.files, ...(changes.items ? { changes: changes.items } : {}) };
}

function noFiles(): RunSummary['files'] {
  return { written: [], unchanged: [], refused: [], failed: [], removed: [], pendingRemoval: [] };
}

function learnedVersions(collection: IndexedCollection): Map<string, string> {
  return new Map(collection.entries.map((entry) => [entry.key, entry.version]));
}

function withEvents(summary: RunSummary, events: number): RunSummary {
  return { ...summary, articles: { ...summary.articles, events } };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

type FileOutcome = 'written' | 'unchanged' | 'refused' | 'failed' | 'stopped';

/**
 * What becomes of one rendered file. `change`: its bytes passed the output
 * gate and differ from what is published (`published`: undefined when
 * nothing is); `refused` set when a shrink guard keeps it out.
 */
type Decision =
  | { outcome: 'unchanged' | 'stopped' }
  | { outcome: 'refused' | 'failed'; reason: string }
  | { outcome: 'change'; hash: string; published: PublishedState | undefined; refused?: string };

/**
 * Publishes files: output gate (from the render kit), skip when the
 * published bytes are the same, shrink guards, claim the lease before the
 * first write, write. A dry run decides every file the same way and only
 * leaves the write out, so its plan is what a run would do.
 */
function createPublisher(
  target: FeedTarget,
  claim: Claim,
  files: RunSummary['files'],
  options: GuardOptions & { dryRun: boolean },
) {
  const publisher = {
    /** Another run claimed the lease after this one began: this one writes nothing more. */
    stopped: false,
    /** What a run does with `file`; reads what is published when the manifest does not say, never writes. */
    async decide(
      file: OutputFile,
      known: PublishedState | undefined,
      checkOutput: RenderKit['checkOutput'],
    ): Promise<Decision> {
      if (publisher.stopped) return { outcome: 'stopped' };
      try {
        checkOutput(file);
      } catch (error) {
        return { outcome: 'refused', reason: describeError(error) };
      }
      let published = known;
      if (!published) {
        try {
          published = await target.readPublished(file.path);
        } catch (error) {
          return { outcome: 'failed', reason: describeError(error) };
        }
      }
      const hash = hashOf(file.body);
      if (published?.hash === hash) return { outcome: 'unchanged' };
      // Retracted items count as still there: a retraction is an intended removal, never refused.
      const refused =
        file.items === undefined
          ? undefined
          : refusal(published?.items, file.items + (file.retractions ?? 0), options);
      return {
        outcome: 'change',
        hash,
        published,
        ...(refused
          ? { refused: `${target.describe(file.path)}: ${refused}; kept the published version` }
          : {}),
      };
    },
    /** Carries a decision out and records it: the write (after claiming the lease), unless this is a dry run. */
    async carryOut(file: OutputFile, decision: Decision): Promise<FileOutcome> {
      switch (decision.outcome) {
        case 'stopped':
          return 'stopped';
        case 'unchanged':
          files.unchanged.push(file.path);
          return 'unchanged';
        case 'refused':
        case 'failed':
          files[decision.outcome].push({ path: file.path, reason: decision.reason });
          return decision.outcome;
      }
      if (decision.refused !== undefined) {
        files.refused.push({ path: file.path, reason: decision.refused });
        return 'refused';
      }
      if (!(await claim.mayChange())) {
        publisher.stopped = true;
        return 'stopped';
      }
      try {
        if (!options.dryRun) await target.write({ ...file, hash: decision.hash });
        files.written.push(file.path);
        return 'written';
      } catch (error) {
        files.failed.push({ path: file.path, reason: describeError(error) });
        return 'failed';
      }
    },
    /**
     * The items a changed feed.json adds, updates and removes against the
     * published one: one read of it, none when nothing is published.
     */
    async itemChanges(
      file: OutputFile,
      published: PublishedState | undefined,
    ): Promise<{ items: ItemChanges } | { warning: string }> {
      const where = target.describe(file.path);
      const unknown = (why: string) => ({ warning: `${where}: ${why}; its item changes are not reported` });
      if (published !== undefined && !target.readBody) return unknown('this target cannot read it back');
      let before: string | undefined;
      try {
        before = published === undefined ? undefined : await target.readBody?.(file.path);
      } catch (error) {
        return unknown(describeError(error));
      }
      const items = diffFeedItems(before, file.body);
      return items ? { items } : unknown('the published version is not a JSON Feed with item ids');
    },
  };
  return publisher;
}
type Publisher = ReturnType<typeof createPublisher>;

/** The file whose items are compared with what is published: JSON Feed's items are plain data. */
const ITEMS_FILE = /(?:^|\/)feed\.json$/;

/**
 * Renders one output group and publishes its files. The group is recorded
 * as current only when every file is; otherwise its fingerprint is left
 * empty and the next run renders and compares it again. Returns, when some
 * file did not stay the same, which files and (for a feed) which items.
 */
async function publishGroup(
  group: OutputGroup<PlannedArticle>,
  known: OutputRecord | undefined,
  checked: CheckedPlan,
  kit: RenderKit,
  publisher: Publisher,
  files: RunSummary['files'],
): Promise<{ record: OutputRecord; changes?: GroupChanges }> {
  const incomplete = (recorded: OutputRecord['files']): OutputRecord => ({
    fingerprint: '',
    files: { ...known?.files, ...recorded },
  });
  const unreadable = group.needs.find((article) => checked.problems.has(article.key));
  if (unreadable) {
    const reason = `${checked.problems.get(unreadable.key)}; kept the published version`;
    for (const path of group.paths) files.failed.push({ path, reason });
    return {
      record: incomplete({}),
      changes: { files: { written: [], refused: [], failed: [...group.paths] } },
    };
  }
  const recorded: OutputRecord['files'] = {};
  const changes: GroupChanges = { files: { written: [], refused: [], failed: [] } };
  let complete = true;
  for (const file of group.render(checked.items, kit)) {
    const decision = await publisher.decide(file, known?.files[file.path], kit.checkOutput);
    if (file.items !== undefined && ITEMS_FILE.test(file.path)) {
      // Told before the write replaces what it compares with; for a refused file too: it says what a guard stopped.
      if (decision.outcome === 'change') {
        const told = await publisher.itemChanges(file, decision.published);
        if ('items' in told) changes.items = told.items;
        else changes.warning = told.warning;
      } else if (decision.outcome === 'unchanged') changes.items = { added: [], updated: [], removed: [] };
    }
    const outcome = await publisher.carryOut(file, decision);
    if (outcome === 'written' || outcome === 'unchanged') {
      recorded[file.path] = {
        hash: hashOf(file.body),
        ...(file.items === undefined ? {} : { items: file.items }),
      };
    } else complete = false;
    if (outcome === 'written' || outcome === 'refused' || outcome === 'failed') {
      changes.files[outcome].push(file.path);
    }
  }
  const record = complete ? { fingerprint: group.fingerprint, files: recorded } : incomplete(recorded);
  const { written, refused, failed } = changes.files;
  return { record, ...(written.length + refused.length + failed.length > 0 ? { changes } : {}) };
}

/**
 * Deletes stale per-name, language and partner feed files: those an earlier run
 * published (or left pending) that no feed produces now. Only on a clean
 * run — an article skipped for an error would otherwise take its feeds
 * with it — and only with `feeds.remove_stale`. Returns the stale files
 * still standing, remembered until a clean run removes them.
 */
async function removeStaleFeeds(
  target: FeedTarget,
  claim: Claim,
  files: RunSummary['files'],
  options: {
    plan: BuildPlan;
    previous: Manifest | undefined;
    mayRemove: boolean;
    removeStale: boolean;
    /** Report what would be removed, remove nothing. */
    dryRun: boolean;
  },
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
      if (!options.dryRun) await target.remove(path);
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
  dryRun: boolean,
): Promise<void> {
  for (const path of LEGACY_STATE_PATHS) {
    try {
      if ((await target.readPublished(path)) === undefined) continue;
      if (!(await claim.mayChange())) return;
      if (!dryRun) await target.remove(path);
      files.removed.push(path);
    } catch (error) {
      files.failed.push({ path, reason: `old run state readers can fetch: ${describeError(error)}` });
    }
  }
}

/**
 * True when the last plan is still the plan: the listing is the one it was
 * made from (same digest: every key, version and problem), every output
 * group was completed, no stale feed waits for removal, and `now` lies
 * between that plan and the next moment something falls due. A clock that
 * went backwards (a replay with --now) re-plans.
 */
function planStillHolds(previous: Manifest, entries: SourceEntry[], now: Date, config: Config): boolean {
  const plan = previous.plan;
  if (!plan || previous.listing === undefined || now < new Date(plan.at)) return false;
  if (plan.stableUntil !== null && now >= new Date(plan.stableUntil)) return false;
  if (config.feeds.removeStale && previous.pendingRemovals.length > 0) return false;
  if (!Object.values(previous.outputs).every((output) => output.fingerprint !== '')) return false;
  // An entry listed without a version may be anything: it must be read.
  if (!entries.every((entry) => entry.version !== undefined || entry.problem !== undefined)) return false;
  return listingDigest(entries) === previous.listing;
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
function nextTimeChange(articles: readonly PlannedArticle[], config: Config, now: Date): Date | null {
  const delays = config.partners.map((p) => p.delayHours * 3_600_000).filter((d) => d > 0);
  const at = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  const tombstoneMs = config.tombstoneDays * 86_400_000;
  for (const article of articles) {
    if (article.draft) continue;
    // A tombstone leaves the Atom feeds when its time is up.
    const retracted = article.retracted?.date.getTime();
    if (retracted !== undefined && retracted + tombstoneMs > at)
      next = Math.min(next, retracted + tombstoneMs);
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

function busySummary(now: Date, holder: LockHolder): RunSummary {
  return {
    now: now.toISOString(),
    articles: { found: 0, live: 0, read: 0, skipped: [], warnings: [] },
    feeds: [],
    warnings: [],
    files: noFiles(),
    state: { reused: false, note: 'busy' },
    busy: holder,
    ok: true,
  };
}
