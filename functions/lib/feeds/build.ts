import type { Article } from '../articles/article.js';
import { excerptFromHtml, renderArticleHtml } from '../articles/html.js';
import type { Config } from '../config.js';
import { CONTENT_TYPES, type FeedDocument, type OutputFile, type RenderedItem } from './document.js';
import type { PageModel, PublicFeedEntry } from './page-model.js';
import { type FeedSpec, planFeeds } from './plan.js';
import { renderIndexPage } from './render-index.js';
import { renderJsonFeed } from './render-json.js';
import { renderOpml } from './render-opml.js';
import { renderAtom, renderRss } from './render-xml.js';
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

/**
 * The pure core: the same articles, config and `now` give the same bytes.
 * Markdown is rendered only for articles that some feed publishes, once each.
 *
 * @example buildFeeds(articles, config, { now: new Date() }).files.map((f) => f.path)
 *   // ['rss.xml', 'atom.xml', 'feed.json']
 */
export function buildFeeds(
  articles: readonly Article[],
  config: Config,
  options: { now: Date },
): BuildResult {
  const live = selectArticles(articles, options);
  const newestOverall = live.reduce<Date | undefined>(
    (newest, a) => (!newest || lastChanged(a) > newest ? lastChanged(a) : newest),
    undefined,
  );
  const renderedById = new Map<string, RenderedItem>();
  const render = (article: Article): RenderedItem => {
    let item = renderedById.get(article.id);
    if (!item) {
      const html = renderArticleHtml(article.body, article.link);
      item = { article, html, summary: article.summary ?? excerptFromHtml(html) };
      renderedById.set(article.id, item);
    }
    return item;
  };

  const files: OutputFile[] = [];
  const feeds: FeedReport[] = [];
  const publicFeeds: PublicFeedEntry[] = [];
  const plan = planFeeds(live, config, options);
  for (const spec of plan.specs) {
    const items = spec.items.map((article) => withLinkParams(render(article), spec.linkParams));
    const updated = items.reduce<Date | undefined>(
      (newest, { article }) => (!newest || lastChanged(article) > newest ? lastChanged(article) : newest),
      undefined,
    );
    const doc: FeedDocument = {
      spec,
      items,
      updated: updated ?? newestOverall ?? emptyCollectionDate(config),
      urls: {
        rss: new URL(`${spec.dir}rss.xml`, config.feedsUrl).href,
        atom: new URL(`${spec.dir}atom.xml`, config.feedsUrl).href,
        json: new URL(`${spec.dir}feed.json`, config.feedsUrl).href,
      },
      id: new URL(`tag:${config.idAuthority}:feed${spec.dir ? `/${spec.dir.replace(/\/$/, '')}` : ''}`).href,
    };
    files.push(renderRss(doc, config), renderAtom(doc, config), renderJsonFeed(doc, config));
    feeds.push({
      key: spec.key,
      dir: spec.dir,
      items: items.length,
      updated: doc.updated.toISOString(),
      isPublic: spec.isPublic,
    });
    if (spec.isPublic && spec.kind !== 'partner') publicFeeds.push(publicEntry(spec, spec.kind, doc));
  }
  const mainItems = plan.specs[0]?.items ?? [];
  const model: PageModel = {
    site: {
      title: config.title,
      description: config.description,
      language: config.language,
      homeUrl: config.homeUrl,
      feedsUrl: config.feedsUrl,
    },
    feeds: sortForPeople(publicFeeds),
    latest: mainItems.slice(0, 20).map((article) => {
      const { summary } = render(article);
      return { title: article.title, link: article.link, date: article.date, summary };
    }),
  };
  files.push(
    { path: 'index.html', body: renderIndexPage(model), contentType: CONTENT_TYPES.html },
    { path: 'feeds.opml', body: renderOpml(model), contentType: CONTENT_TYPES.opml },
  );
  return { files, feeds, live: live.length, warnings: plan.warnings };
}

function publicEntry(spec: FeedSpec, kind: PublicFeedEntry['kind'], doc: FeedDocument): PublicFeedEntry {
  return {
    key: spec.key,
    kind,
    title: spec.title,
    description: spec.description,
    items: doc.items.length,
    updated: doc.updated,
    paths: { rss: `${spec.dir}rss.xml`, atom: `${spec.dir}atom.xml`, json: `${spec.dir}feed.json` },
    urls: doc.urls,
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
