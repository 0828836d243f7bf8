/**
 * Everything that turns a plan into bytes: Markdown and sanitising, the
 * RSS/Atom writer, JSON Feed, the pages and the output gate. The pipeline
 * imports this module only when some output group must be rendered, so a
 * run with nothing to render (most scheduled runs) never loads markdown-it,
 * sanitize-html, feed or saxes: that is most of a cold start.
 */
import type { Article } from '../articles/article.js';
import { excerptFromHtml, renderArticleHtml } from '../articles/html.js';
import type { Config } from '../config.js';
import { type BuildResult, planBuild } from './build.js';
import { checkOutput } from './check.js';
import { renderIndexPage } from './render-index.js';
import { renderJsonFeed } from './render-json.js';
import { renderOpml } from './render-opml.js';
import { renderAtom, renderRss } from './render-xml.js';

export const renderKit = {
  renderArticleHtml,
  excerptFromHtml,
  renderRss,
  renderAtom,
  renderJsonFeed,
  renderIndexPage,
  renderOpml,
  checkOutput,
};
export type RenderKit = typeof renderKit;

/**
 * Plans and renders everything: the whole build in one pure call, for tests
 * and tools. `bodies` maps article ids to their Markdown.
 *
 * @example buildFeeds(articles, config, { now: new Date() }, bodies).files.map((f) => f.path)
 *   // ['rss.xml', 'atom.xml', 'feed.json', …, 'index.html', 'feeds.opml']
 */
export function buildFeeds(
  articles: readonly Article[],
  config: Config,
  options: { now: Date },
  bodies: ReadonlyMap<string, string>,
): BuildResult {
  const plan = planBuild(articles, config, options);
  const items = new Map(
    articles.flatMap((article) => {
      const body = bodies.get(article.id);
      return body === undefined ? [] : [[article.id, { article, body }] as const];
    }),
  );
  return {
    files: plan.groups.flatMap((group) => group.render(items, renderKit)),
    feeds: plan.feeds,
    live: plan.live,
    warnings: plan.warnings,
  };
}
