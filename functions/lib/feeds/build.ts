import type { Article } from '../articles/article.js';
import { excerptFromHtml, renderArticleHtml } from '../articles/html.js';
import type { Config } from '../config.js';
import type { FeedDocument, OutputFile, RenderedItem } from './document.js';
import { planFeeds } from './plan.js';
import { renderJsonFeed } from './render-json.js';
import { renderAtom, renderRss } from './render-xml.js';
import { lastChanged, selectArticles } from './select.js';

/** What one feed holds, for the run's report. */
export interface FeedReport {
  key: string;
  dir: string;
  items: number;
  updated: string;
}

export interface BuildResult {
  files: OutputFile[];
  feeds: FeedReport[];
  /** Articles live at `now` (not drafts, not in the future). */
  live: number;
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
  for (const spec of planFeeds(live, config)) {
    const items = spec.items.map(render);
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
    feeds.push({ key: spec.key, dir: spec.dir, items: items.length, updated: doc.updated.toISOString() });
  }
  return { files, feeds, live: live.length };
}
