import type { PlannedArticle } from '../articles/article.js';

/**
 * The articles that are live at `now`, newest first: drafts and articles
 * dated in the future are left out (they appear on the first scheduled run
 * after their date). Ties break on id, so the order never depends on the
 * order files were listed in.
 *
 * @example selectArticles(articles, { now: new Date('2025-04-15T00:00:00Z') })
 */
export function selectArticles<A extends PlannedArticle>(
  articles: readonly A[],
  options: { now: Date },
): A[] {
  const now = options.now.getTime();
  return articles
    .filter((a) => !a.draft && a.date.getTime() <= now)
    .map((a) => (a.updated && a.updated.getTime() > now ? withoutUpdate(a) : a))
    .sort(newestFirst);
}

/** An update dated after `now` is held back like an embargoed article: it shows from the first run after it. */
function withoutUpdate<A extends PlannedArticle>(article: A): A {
  const { updated: _later, ...rest } = article;
  return rest as A;
}

/** Newest publication first; id breaks ties. */
export function newestFirst(a: PlannedArticle, b: PlannedArticle): number {
  return b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** When an article last changed: `updated`, else `date`. */
export function lastChanged(article: PlannedArticle): Date {
  return article.updated ?? article.date;
}
