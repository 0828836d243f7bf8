import { createHash } from 'node:crypto';
import type { Article, PlannedArticle } from '../articles/article.js';
import { escapeHtml } from '../articles/text.js';
import type { Config } from '../config.js';
import {
  CONTENT_TYPES,
  type FeedDocument,
  type FeedUrls,
  IMMUTABLE_CACHE_CONTROL,
  type OutputFile,
  type RenderedItem,
  type Tombstone,
} from './document.js';
import type { PageModel, PublicFeedEntry } from './page-model.js';
import { type FeedSpec, planFeeds } from './plan.js';
import type { RenderKit } from './render-kit.js';
import { lastChanged, recentRetractions, selectArticles } from './select.js';

/** What one feed holds, for the run's report. */
export interface FeedReport {
  key: string;
  dir: string;
  items: number;
  updated: string;
  isPublic: boolean;
  /** With archives: how many archive pages the feed has. */
  archivePages?: number;
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
export const RENDER_VERSION = 'feedwright-render-5';

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
  const retracted = recentRetractions(articles, { now: options.now, tombstoneDays: config.tombstoneDays });
  const siblings = translationSiblings(live, config.language);
  const newestOverall = live.reduce<Date | undefined>(
    (newest, a) => (!newest || lastChanged(a) > newest ? lastChanged(a) : newest),
    undefined,
  );
  // Rendered once per run whichever groups need an article. Without its translations: the pages
  // show none, and their group does not load an item's other-language versions.
  const renderedById = new Map<string, Omit<RenderedItem, 'translations'>>();
  const loadedArticle = (planned: A, items: ReadonlyMap<string, ItemSource>): ItemSource => {
    const source = items.get(planned.id);
    // The pipeline loads every item a group needs before rendering it: a miss here is a bug, shown with its stack.
    if (source === undefined) throw new Error(`${planned.file}: not loaded for rendering`);
    return source;
  };
  const renderItem = (
    planned: A,
    items: ReadonlyMap<string, ItemSource>,
    kit: RenderKit,
  ): Omit<RenderedItem, 'translations'> => {
    let item = renderedById.get(planned.id);
    if (!item) {
      const source = loadedArticle(planned, items);
      // An update held back until its date (selectArticles dropped it) stays held back in the parsed article too.
      const article = planned.updated === undefined ? withoutUpdate(source.article) : source.article;
      const html = kit.renderArticleHtml(source.body, article.link);
      item = {
        article,
        html: html + correctionsHtml(article, config.timeZone),
        summary: article.summary ?? kit.excerptFromHtml(html),
      };
      renderedById.set(planned.id, item);
    }
    return item;
  };
  /** An item as feeds carry it: with its other-language versions, which feed groups load (`versions`). */
  const feedItem = (planned: A, items: ReadonlyMap<string, ItemSource>, kit: RenderKit): RenderedItem => ({
    ...renderItem(planned, items, kit),
    translations: (siblings.get(planned.id) ?? []).map((other) => {
      const { language, link } = loadedArticle(other, items).article;
      return { language, link };
    }),
  });
  const tombstoneOf = (planned: A, items: ReadonlyMap<string, ItemSource>): Tombstone => {
    const { article } = loadedArticle(planned, items);
    return {
      ref: article.id,
      when: article.retracted?.date ?? article.date,
      reason: article.retracted?.reason ?? '',
      link: article.link,
    };
  };
  const configPrint = JSON.stringify(config);

  const groups: OutputGroup<A>[] = [];
  const feeds: FeedReport[] = [];
  const publicFeeds: PublicFeedEntry[] = [];
  const plan = planFeeds(live, config, options);
  // The feeds each retracted item would be in, had it not been retracted: they carry its tombstone.
  // A site with language feeds gives them their items' tombstones too; one without never grows one for them.
  const multilingual = plan.specs.some((spec) => spec.kind === 'language');
  const withTombstones = withRetractions(
    plan.specs,
    planFeeds(retracted, config, { ...options, languageFeeds: multilingual ? 'always' : 'never' }).specs,
  );
  const urlsOf = (dir: string): FeedUrls => ({
    rss: new URL(`${dir}rss.xml`, config.feedsUrl).href,
    atom: new URL(`${dir}atom.xml`, config.feedsUrl).href,
    json: new URL(`${dir}feed.json`, config.feedsUrl).href,
  });
  /** One feed document's output group: its three files, rendered from `items`. */
  const documentGroup = (
    key: string,
    spec: FeedSpec<A>,
    docBase: Omit<FeedDocument, 'items' | 'tombstones'>,
    items: A[],
    tombstones: A[],
    cacheControl?: string,
  ): OutputGroup<A> => {
    const dir = docBase.dir;
    // An item's other-language versions are read too: their links and languages are in its entry.
    const versions = items.flatMap((article) => siblings.get(article.id) ?? []);
    return {
      key,
      paths: [`${dir}rss.xml`, `${dir}atom.xml`, `${dir}feed.json`],
      fingerprint: fingerprint([
        RENDER_VERSION,
        configPrint,
        { ...docBase, spec: specPrint(spec) },
        items.map(itemPrint),
        tombstones.map(itemPrint),
        versions.map(itemPrint),
        cacheControl ?? null,
      ]),
      needs: uniqueById([...items, ...tombstones, ...versions]),
      render(loaded, kit) {
        const rendered = items.map((article) =>
          withLinkParams(feedItem(article, loaded, kit), spec.linkParams),
        );
        const gone = tombstones.map((article) => tombstoneOf(article, loaded));
        const doc: FeedDocument = { ...docBase, items: rendered, tombstones: gone };
        return [kit.renderRss(doc, config), kit.renderAtom(doc, config), kit.renderJsonFeed(doc, config)].map(
          (file) => ({
            ...file,
            ...(gone.length > 0 ? { retractions: gone.length } : {}),
            ...(cacheControl ? { cacheControl } : {}),
          }),
        );
      },
    };
  };
  for (const spec of withTombstones) {
    const updated = newestChange(spec.items);
    const pages = archivePages(spec.archived, spec.pageSize);
    const pageUrls = (page: number) => urlsOf(`${spec.dir}archive/${page}/`);
    const docBase = {
      spec,
      language: spec.language ?? config.language,
      // A partner feed's path is its secret: it advertises no public hub, which would learn the path.
      hubs: spec.isPublic ? config.websubHubs : [],
      links: spec.isPublic ? config.websubHubs.map((href) => ({ rel: 'hub', href })) : [],
      updated: updated ?? newestOverall ?? emptyCollectionDate(config),
      dir: spec.dir,
      urls: urlsOf(spec.dir),
      id: new URL(`tag:${config.idAuthority}:feed${spec.dir ? `/${spec.dir.replace(/\/$/, '')}` : ''}`).href,
      ...(pages.length > 0 ? { history: { archive: false, prevArchive: pageUrls(pages.length) } } : {}),
    };
    groups.push(documentGroup(`feed:${spec.key}`, spec, docBase, spec.items, spec.tombstones));
    // RFC 5005 archive pages, oldest first: page n holds the n-th `pageSize` items ever published in
    // the feed, so new items only ever reach the newest page and a page a newer one follows is final.
    pages.forEach((items, index) => {
      const page = index + 1;
      const final = page < pages.length;
      const pageBase = {
        ...docBase,
        hubs: [],
        links: [],
        updated: newestChange(items) ?? docBase.updated,
        dir: `${spec.dir}archive/${page}/`,
        urls: pageUrls(page),
        history: {
          // The validator warns on an archive page with no neighbour; a lone page says only where the feed is.
          archive: pages.length > 1,
          current: docBase.urls,
          ...(page > 1 ? { prevArchive: pageUrls(page - 1) } : {}),
          ...(final ? { nextArchive: pageUrls(page + 1) } : {}),
        },
      };
      groups.push(
        documentGroup(
          `feed:${spec.key}@archive:${page}`,
          spec,
          pageBase,
          items,
          [],
          final ? IMMUTABLE_CACHE_CONTROL : undefined,
        ),
      );
    });
    feeds.push({
      key: spec.key,
      dir: spec.dir,
      items: spec.items.length,
      updated: docBase.updated.toISOString(),
      isPublic: spec.isPublic,
      ...(pages.length > 0 ? { archivePages: pages.length } : {}),
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
          return {
            title: article.title,
            link: article.link,
            date: article.date,
            summary,
            language: article.language,
          };
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

/** What of a feed's spec every one of its documents depends on; the items are printed per document. */
function specPrint<A extends PlannedArticle>(spec: FeedSpec<A>): unknown {
  return { ...spec, items: undefined, tombstones: undefined, archived: undefined };
}

function newestChange(articles: readonly PlannedArticle[]): Date | undefined {
  return articles.reduce<Date | undefined>(
    (newest, article) => (!newest || lastChanged(article) > newest ? lastChanged(article) : newest),
    undefined,
  );
}

/**
 * A feed's archived items (newest first) as pages of `size`, oldest page
 * first: page 1 is the first `size` items the feed ever published. An item leaving
 * the subscription feed only ever joins the newest page.
 */
export function archivePages<A>(archived: readonly A[], size: number): A[][] {
  const oldestFirst = [...archived].reverse();
  const pages: A[][] = [];
  for (let start = 0; start < oldestFirst.length; start += size) {
    // Within a page, newest first, as in every feed.
    pages.push(oldestFirst.slice(start, start + size).reverse());
  }
  return pages;
}

/**
 * The live plan's feeds with the tombstones of the retracted plan's, matched
 * by key; a feed only retracted items were in is kept, empty, while its
 * tombstones last — else its published file would go on showing them.
 */
function withRetractions<A extends PlannedArticle>(
  live: readonly FeedSpec<A>[],
  retracted: readonly FeedSpec<A>[],
): FeedSpec<A>[] {
  const byKey = new Map(retracted.filter((spec) => spec.items.length > 0).map((spec) => [spec.key, spec]));
  const specs = live.map((spec) => {
    const gone = byKey.get(spec.key);
    byKey.delete(spec.key);
    return gone ? { ...spec, tombstones: gone.items } : spec;
  });
  for (const gone of byKey.values()) specs.push({ ...gone, items: [], tombstones: gone.items });
  return specs;
}

/**
 * For each live article, the live versions of the same story in other
 * languages: articles sharing a `translation_key`, or linked by listing
 * each other's ids in `translations` (either side listing is enough).
 */
function translationSiblings<A extends PlannedArticle>(
  live: readonly A[],
  siteLanguage: string,
): Map<string, A[]> {
  const byId = new Map(live.map((article) => [article.id, article]));
  // Union-find over ids: keys and listed ids join articles into one story.
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let at = id;
    while (parent.has(at) && parent.get(at) !== at) at = parent.get(at) as string;
    parent.set(id, at);
    return at;
  };
  const join = (a: string, b: string) => {
    const ra = root(a);
    const rb = root(b);
    // The smaller id becomes the root: the same stories whatever order the articles come in.
    if (ra < rb) parent.set(rb, ra);
    else if (rb < ra) parent.set(ra, rb);
  };
  const byKey = new Map<string, string>();
  for (const article of live) {
    if (article.translationKey !== undefined) {
      const first = byKey.get(article.translationKey);
      if (first === undefined) byKey.set(article.translationKey, article.id);
      else join(first, article.id);
    }
    for (const other of article.translations ?? []) if (byId.has(other)) join(article.id, other);
  }
  const stories = new Map<string, A[]>();
  for (const article of live) {
    if (!parent.has(article.id)) continue;
    const story = root(article.id);
    stories.set(story, [...(stories.get(story) ?? []), article]);
  }
  const siblings = new Map<string, A[]>();
  for (const members of stories.values()) {
    if (members.length < 2) continue;
    for (const article of members) {
      const language = article.language ?? siteLanguage;
      // One link per language, in a stable order: the newest version of each other language.
      const others = new Map<string, A>();
      for (const other of members) {
        const otherLanguage = other.language ?? siteLanguage;
        if (other === article || otherLanguage === language || others.has(otherLanguage)) continue;
        others.set(otherLanguage, other);
      }
      siblings.set(
        article.id,
        [...others.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, other]) => other),
      );
    }
  }
  return siblings;
}

function uniqueById<A extends PlannedArticle>(articles: readonly A[]): A[] {
  return [...new Map(articles.map((article) => [article.id, article])).values()];
}

/** Correction labels in the languages a newsroom is likely to publish in; English otherwise. */
const CORRECTION_LABEL: Record<string, string> = { en: 'Correction', fr: 'Rectificatif', ar: 'تصحيح' };

/**
 * The correction notes under the article, oldest first, each with its date
 * in the site's time zone: plain paragraphs any reader's sanitiser keeps.
 */
function correctionsHtml(article: Article, timeZone: string): string {
  if (article.corrections.length === 0) return '';
  const label = CORRECTION_LABEL[article.language.split('-')[0] ?? ''] ?? 'Correction';
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const notes = article.corrections
    .map((c) => `<p><em>${label} (${day.format(c.date)}):</em> ${escapeHtml(c.text)}</p>`)
    .join('\n');
  return `\n<hr>\n${notes}`;
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
    ...(spec.language ? { language: spec.language } : {}),
  };
}

const KIND_ORDER = { main: 0, category: 1, tag: 2, author: 3, language: 4 } as const;

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
