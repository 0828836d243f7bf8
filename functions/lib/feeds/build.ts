import { createHash } from 'node:crypto';
import type { Article, PlannedArticle } from '../articles/article.js';
import type { Config } from '../config.js';
import { CONTENT_TYPES, type FeedDocument, type OutputFile, type RenderedItem } from './document.js';
import type { PageModel, PublicFeedEntry } from './page-model.js';
import { type FeedSpec, planFeeds } from './plan.js';
import type { RenderKit } from './render-kit.js';
import { lastChanged, selectArticles } from './select.js';

/** What one feed holds, for the run's report. */
export interface FeedReport {
  key: string;
  dir: string;
  items: number;
  updated: string;
  isPublic: boolean;
}

export interface BuildResult {
  files: OutputFile[];
  feeds: FeedReport[];
  /** Articles live at `now` (not drafts, not in the future). */
  live: number;
  warnings: string[];
}

/**
 * Used only when the whole collection is empty: the date in `id_authority`
 * (`example.com,2025` -> 2025-01-01) is fixed, so the bytes stay stable, and
 * plausible, unlike 1970 which the W3C validator warns about.
 */
function emptyCollectionDate(config: Config): Date {
  const [year = '2000', month = '01', day = '01'] = (config.idAuthority.split(',')[1] ?? '').split('-');
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
}

/** Bumped whenever rendering changes, so manifests from older versions never claim a feed is current. */
export const RENDER_VERSION = 'feedwright-render-4';

/** What rendering one item takes: the article parsed whole (title, summary, image…) and its Markdown body. */
export interface ItemSource {
  article: Article;
  body: string;
}

/**
 * The files one unit of work produces: a feed's three formats, or the
 * people's pages. Its fingerprint covers every input of its bytes, so an
 * unchanged fingerprint means unchanged files — nothing to read, render or write.
 */
export interface OutputGroup<A extends PlannedArticle = PlannedArticle> {
  /** `feed:main`, `feed:category:politics`, `pages`. */
  key: string;
  paths: string[];
  fingerprint: string;
  /** The items `render` needs parsed whole, with their bodies. */
  needs: A[];
  /**
   * Pure: the same items give the same files. `items` maps article ids to
   * each needed article parsed whole with its body. The renderers come in
   * as a kit, loaded only by runs that render (most scheduled runs do not).
   */
  render(items: ReadonlyMap<string, ItemSource>, kit: RenderKit): OutputFile[];
}

export interface BuildPlan<A extends PlannedArticle = PlannedArticle> {
  groups: OutputGroup<A>[];
  feeds: FeedReport[];
  live: number;
  warnings: string[];
}

/**
 * The pure core, first half: which files to make from the articles'
 * metadata, without touching a body. The same articles, config and `now`
 * give the same plan and, rendered, the same bytes.
 */
export function planBuild<A extends PlannedArticle>(
  articles: readonly A[],
  config: Config,
  options: { now: Date },
): BuildPlan<A> {
  const live = selectArticles(articles, options);
  const newestOverall = live.reduce<Date | undefined>(
    (newest, a) => (!newest || lastChanged(a) > newest ? lastChanged(a) : newest),
    undefined,
  );
  // Rendered once per run whichever groups need an article.
  const renderedById = new Map<string, RenderedItem>();
  const renderItem = (planned: A, items: ReadonlyMap<string, ItemSource>, kit: RenderKit): RenderedItem => {
    let item = renderedById.get(planned.id);
    if (!item) {
      const source = items.get(planned.id);
      // The pipeline loads every item a group needs before rendering it: a miss here is a bug, shown with its stack.
      if (source === undefined) throw new Error(`${planned.file}: not loaded for rendering`);
      // An update held back until its date (selectArticles dropped it) stays held back in the parsed article too.
      const article = planned.updated === undefined ? withoutUpdate(source.article) : source.article;
      const html = kit.renderArticleHtml(source.body, article.link);
      item = { article, html, summary: article.summary ?? kit.excerptFromHtml(html) };
      renderedById.set(planned.id, item);
    }
    return item;
  };
  const configPrint = JSON.stringify(config);

  const groups: OutputGroup<A>[] = [];
  const feeds: FeedReport[] = [];
  const publicFeeds: PublicFeedEntry[] = [];
  const plan = planFeeds(live, config, options);
  for (const spec of plan.specs) {
    const updated = spec.items.reduce<Date | undefined>(
      (newest, article) => (!newest || lastChanged(article) > newest ? lastChanged(article) : newest),
      undefined,
    );
    const docBase = {
      spec,
      updated: updated ?? newestOverall ?? emptyCollectionDate(config),
      urls: {
        rss: new URL(`${spec.dir}rss.xml`, config.feedsUrl).href,
        atom: new URL(`${spec.dir}atom.xml`, config.feedsUrl).href,
        json: new URL(`${spec.dir}feed.json`, config.feedsUrl).href,
      },
      id: new URL(`tag:${config.idAuthority}:feed${spec.dir ? `/${spec.dir.replace(/\/$/, '')}` : ''}`).href,
    };
    groups.push({
      key: `feed:${spec.key}`,
      paths: [`${spec.dir}rss.xml`, `${spec.dir}atom.xml`, `${spec.dir}feed.json`],
      fingerprint: fingerprint([RENDER_VERSION, configPrint, { ...docBase, spec: specPrint(spec) }]),
      needs: spec.items,
      render(loaded, kit) {
        const items = spec.items.map((article) =>
          withLinkParams(renderItem(article, loaded, kit), spec.linkParams),
        );
        const doc: FeedDocument = { ...docBase, items };
        return [kit.renderRss(doc, config), kit.renderAtom(doc, config), kit.renderJsonFeed(doc, config)];
      },
    });
    feeds.push({
      key: spec.key,
      dir: spec.dir,
      items: spec.items.length,
      updated: docBase.updated.toISOString(),
      isPublic: spec.isPublic,
    });
    if (spec.isPublic && spec.kind !== 'partner') {
      publicFeeds.push(publicEntry(spec, spec.kind, docBase.updated, docBase.urls));
    }
  }
  const latest = (plan.specs[0]?.items ?? []).slice(0, 20);
  const site = {
    title: config.title,
    description: config.description,
    language: config.language,
    homeUrl: config.homeUrl,
    feedsUrl: config.feedsUrl,
    timeZone: config.timeZone,
  };
  const sortedFeeds = sortForPeople(publicFeeds);
  groups.push({
    key: 'pages',
    paths: ['index.html', 'feeds.opml'],
    fingerprint: fingerprint([RENDER_VERSION, configPrint, sortedFeeds, latest.map(itemPrint)]),
    needs: latest,
    render(loaded, kit) {
      const model: PageModel = {
        site,
        feeds: sortedFeeds,
        latest: latest.map((planned) => {
          const { article, summary } = renderItem(planned, loaded, kit);
          return { title: article.title, link: article.link, date: article.date, summary };
        }),
      };
      return [
        { path: 'index.html', body: kit.renderIndexPage(model), contentType: CONTENT_TYPES.html },
        { path: 'feeds.opml', body: kit.renderOpml(model), contentType: CONTENT_TYPES.opml },
      ];
    },
  });
  return { groups, feeds, live: live.length, warnings: plan.warnings };
}

/**
 * An item as fingerprints see it. With a source version, key and version
 * stand for every parsed field (the same bytes parse the same under the
 * same code and config, which the run state's basis pins), so planning
 * never needs titles or summaries; the dates are added because planning
 * may hold an update back. Without one (Articles made in memory), the
 * fields themselves.
 */
function itemPrint(article: PlannedArticle): unknown {
  if (article.version === undefined) return article;
  return [article.key, article.version, article.date, article.updated ?? null];
}

function specPrint<A extends PlannedArticle>(spec: FeedSpec<A>): unknown {
  return { ...spec, items: spec.items.map(itemPrint) };
}

function withoutUpdate(article: Article): Article {
  const { updated: _later, ...rest } = article;
  return rest;
}

/**
 * A hash of the inputs, with object keys sorted: an article freshly parsed
 * and the same article revived from the manifest list their fields in
 * different orders, and must still give the same fingerprint.
 */
function fingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts, sortedKeys)).digest('hex');
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date)
    return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

/**
 * A partner's campaign parameters on the item's link. Only the link changes:
 * the id (guid, Atom id, JSON id) stays, so readers never see the item twice.
 */
function withLinkParams(item: RenderedItem, params: Array<[string, string]>): RenderedItem {
  if (params.length === 0) return item;
  const url = new URL(item.article.link);
  for (const [name, value] of params) url.searchParams.set(name, value);
  return { ...item, article: { ...item.article, link: url.href } };
}

function publicEntry<A extends PlannedArticle>(
  spec: FeedSpec<A>,
  kind: PublicFeedEntry['kind'],
  updated: Date,
  urls: PublicFeedEntry['urls'],
): PublicFeedEntry {
  return {
    key: spec.key,
    kind,
    title: spec.title,
    description: spec.description,
    items: spec.items.length,
    updated,
    paths: { rss: `${spec.dir}rss.xml`, atom: `${spec.dir}atom.xml`, json: `${spec.dir}feed.json` },
    urls,
  };
}

const KIND_ORDER = { main: 0, category: 1, tag: 2, author: 3 } as const;

/** Main feed first, then categories, tags, authors, each by title, case-insensitively (locale-free, stable). */
function sortForPeople(entries: PublicFeedEntry[]): PublicFeedEntry[] {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...entries].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      byText(a.title.toLowerCase(), b.title.toLowerCase()) ||
      byText(a.title, b.title),
  );
}
