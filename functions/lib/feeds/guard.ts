/** How far a run may shrink a published feed before it refuses. */
export interface GuardOptions {
  /** Share of a feed's items one run may drop, 0..1 (site.yml `guards.max_drop_share`). */
  maxDropShare: number;
  /** The explicit override for intended removals (`--allow-shrink`). */
  allowShrink: boolean;
}

/**
 * Why a new version of a feed must not replace the published one, or
 * undefined when it may. A feed with items is never replaced by an empty
 * one, nor by one that drops more than `maxDropShare` of its items at once
 * (losing a single item is always allowed: an article was withdrawn). The
 * published count comes from the target; unknown means nothing to protect.
 *
 * @example refusal(40, 0, { maxDropShare: 0.5, allowShrink: false })
 *   // 'would replace 40 published items with an empty feed'
 */
export function refusal(
  published: number | undefined,
  next: number,
  options: GuardOptions,
): string | undefined {
  if (options.allowShrink || published === undefined || published === 0) return undefined;
  if (next === 0) return `would replace ${published} published item(s) with an empty feed`;
  const lost = published - next;
  if (lost > 1 && lost / published > options.maxDropShare) {
    return `would drop ${lost} of ${published} published items at once (the limit is ${Math.round(options.maxDropShare * 100)}%)`;
  }
  return undefined;
}
