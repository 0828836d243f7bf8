import type { PlannedArticle } from '../articles/article.js';

/**
 * The articles that are live at `now`, newest first: drafts, retracted
 * articles and articles dated in the future are left out (the last appear
 * on the first scheduled run after their date). Ties break on id, so the order never depends on the
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
    .filter((a) => !a.draft && !a.retracted && a.date.getTime() <= now)
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

/**
 * Retracted articles whose tombstones feeds still carry at `now`, newest
 * first: published once (not drafts, dated before `now`), retracted less
 * than `tombstoneDays` ago. A retraction takes an article out of every feed
 * at once, whatever its date; the date only starts the tombstone's time.
 */
export function recentRetractions<A extends PlannedArticle>(
  articles: readonly A[],
  options: { now: Date; tombstoneDays: number },
): A[] {
  const now = options.now.getTime();
  const window = options.tombstoneDays * 86_400_000;
  return articles
    .filter(
      (a) =>
        a.retracted !== undefined &&
        !a.draft &&
        a.date.getTime() <= now &&
        now < a.retracted.date.getTime() + window,
    )
    .sort(newestFirst);
}
