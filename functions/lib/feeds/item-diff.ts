/**
 * Which items a new version of a feed adds, updates and removes, by `id`,
 * compared with the published version. JSON Feed is what is compared: its
 * items are plain data, one object per item, the same in every reader, so
 * an item is updated when any field of its object differs (title, content,
 * dates, tags, image…). Pure: text in, sorted ids out.
 *
 * @example diffFeedItems(undefined, '{"items":[{"id":"a"}]}') // { added: ['a'], updated: [], removed: [] }
 */
export interface ItemChanges {
  added: string[];
  updated: string[];
  removed: string[];
  /** How many ids each list left out past `maxIds` (absent when none was). */
  omitted?: { added: number; updated: number; removed: number };
}

/**
 * Ids kept per list and feed: enough to read, few enough that a run which
 * rebuilds thousands of feeds still logs a line CloudWatch takes whole.
 */
export const MAX_IDS_PER_LIST = 100;

/**
 * The item changes from `published` (the feed.json text readers have now;
 * undefined when there is none yet: every item is added) to `next`. Each
 * list is sorted and cut at `maxIds`, the rest counted in `omitted`.
 * Undefined when either text is not a JSON Feed with an `items` list of
 * objects with string ids (written by something else, or damaged): the
 * changes cannot be told.
 */
export function diffFeedItems(
  published: string | undefined,
  next: string,
  options: { maxIds?: number } = {},
): ItemChanges | undefined {
  const before = published === undefined ? new Map<string, string>() : itemsById(published);
  const after = itemsById(next);
  if (!before || !after) return undefined;
  const added: string[] = [];
  const updated: string[] = [];
  for (const [id, item] of after) {
    const old = before.get(id);
    if (old === undefined) added.push(id);
    else if (old !== item) updated.push(id);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return capped({ added: added.sort(), updated: updated.sort(), removed: removed.sort() }, options.maxIds);
}

/** Each list cut at `maxIds` (default MAX_IDS_PER_LIST), with what was cut counted; ids already counted stay counted. */
export function capped(changes: ItemChanges, maxIds = MAX_IDS_PER_LIST): ItemChanges {
  const cut = (list: string[]) => ({ kept: list.slice(0, maxIds), left: Math.max(0, list.length - maxIds) });
  const added = cut(changes.added);
  const updated = cut(changes.updated);
  const removed = cut(changes.removed);
  const omitted = {
    added: (changes.omitted?.added ?? 0) + added.left,
    updated: (changes.omitted?.updated ?? 0) + updated.left,
    removed: (changes.omitted?.removed ?? 0) + removed.left,
  };
  const any = omitted.added + omitted.updated + omitted.removed > 0;
  return { added: added.kept, updated: updated.kept, removed: removed.kept, ...(any ? { omitted } : {}) };
}

/** Each item's canonical text (keys sorted, so key order never counts as a change) by id. */
function itemsById(text: string): Map<string, string> | undefined {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const items = isObject(feed) ? feed.items : undefined;
  if (!Array.isArray(items)) return undefined;
  const byId = new Map<string, string>();
  for (const item of items) {
    if (!isObject(item) || typeof item.id !== 'string') return undefined;
    byId.set(item.id, canonical(item));
  }
  return byId;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
