import { createHash } from 'node:crypto';
import type { PlannedArticle } from './articles/article.js';
import { mapConcurrently } from './concurrency.js';
import { StorageError } from './errors.js';

/**
 * The run index: what a run remembers per source key, so the next one reads
 * only what changed. Per key: the source version, and either the article's
 * planning fields (ids, dates, names — never title, summary or body) or why
 * it was skipped. Kept compact in memory, and on storage as shards: JSON
 * lines, one record per key, each shard a content-addressed object under the
 * private state prefix. The root (run-state object or manifest file) lists
 * the shards; a run writes only the shards that changed, then switches the
 * root with a conditional write, so a reader of the root never sees half an
 * index. Never one JSON text of the whole archive, in memory or on storage.
 */

/** An article left out of every feed, and why. */
export interface SkippedArticle {
  file: string;
  field?: string;
  reason: string;
}

/** One source key as the index remembers it. Also a SourceEntry: it names what to read. */
export interface IndexEntry {
  key: string;
  name: string;
  file: string;
  version: string;
  /** The front matter's planning fields, when they were valid. */
  article?: PlannedArticle;
  /** Why the article is in no feed (set when `article` is not). */
  skipped?: SkippedArticle[];
  /** Unknown fields and the like, reported every run. */
  warnings?: string[];
  /**
   * The whole article, body included, passed parseArticle: it may be
   * published. Only items some feed carries are checked; the rest never
   * need their bodies.
   */
  checked?: boolean;
}

/** Where an index's shards are, as the root records it. */
export interface IndexDescriptor {
  /** Shards are 2^bits, by a hash of the key. */
  bits: number;
  count: number;
  /** Per shard, the content id of its object; '' for an empty shard. */
  shards: string[];
}

/** Content-addressed shard objects: put once, never changed, removed when no root lists them. */
export interface IndexStore {
  /** For messages: `s3://bucket/.feedwright/feeds/index/`, a folder. */
  readonly where: string;
  get(id: string): Promise<string | undefined>;
  put(id: string, text: string): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Records per shard the index aims for: a changed article rewrites a ~0.5 MB object, not the archive. */
const RECORDS_PER_SHARD = 2_000;
const MAX_BITS = 12;
const SHARD_ID = /^[0-9a-f]{64}$/;

/** How many shard bits suit `count` records; keeps `previous` while it still fits, so shards are not reshuffled often. */
export function shardBitsFor(count: number, previous?: number): number {
  if (
    previous !== undefined &&
    count <= RECORDS_PER_SHARD * 2 * 2 ** previous &&
    (previous === 0 || count >= (RECORDS_PER_SHARD / 4) * 2 ** previous)
  ) {
    return previous;
  }
  let bits = 0;
  while (bits < MAX_BITS && count > RECORDS_PER_SHARD * 2 ** bits) bits += 1;
  return bits;
}

/** The shard of a key: the top bits of its FNV-1a hash (fast, stable, spread well enough for paths). */
export function shardOf(key: string, bits: number): number {
  if (bits === 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) >>> (32 - bits);
}

/**
 * One line of a shard. Parts that repeat across a collection are stored so
 * the decoder can share them: the file as a folder prefix (`fp`) when it
 * ends with the key, the name only when it is not the key's base name
 * without `.md`, the slug only when it is not the name, the id as a prefix
 * (`ip`) when it ends with the slug.
 */
interface StoredRecord {
  k: string;
  n?: string;
  f?: string;
  fp?: string;
  v: string;
  /** id (or its prefix), slug, date and updated (ms), draft, categories, tags, author names. */
  a?: {
    i?: string;
    ip?: string;
    s?: string;
    d: number;
    u?: number;
    x?: 1;
    c?: string[];
    t?: string[];
    p: string[];
    /** language (when not the site's), retraction date (ms), translation key, translation ids. */
    l?: string;
    r?: number;
    tk?: string;
    tr?: string[];
  };
  e?: SkippedArticle[];
  w?: string[];
  /** Checked whole: 1. */
  ok?: 1;
}

/** A source's usual name for a key: its base name without `.md`. */
const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1, -3);

function encodeEntry(entry: IndexEntry): string {
  const record: StoredRecord = { k: entry.key, v: entry.version };
  if (entry.name !== nameOf(entry.key)) record.n = entry.name;
  if (entry.file.endsWith(entry.key)) record.fp = entry.file.slice(0, entry.file.length - entry.key.length);
  else record.f = entry.file;
  const a = entry.article;
  if (a) {
    record.a = {
      ...(a.id.endsWith(a.slug) ? { ip: a.id.slice(0, a.id.length - a.slug.length) } : { i: a.id }),
      ...(a.slug === nameOf(entry.key) ? {} : { s: a.slug }),
      d: a.date.getTime(),
      ...(a.updated ? { u: a.updated.getTime() } : {}),
      ...(a.draft ? { x: 1 as const } : {}),
      ...(a.categories.length > 0 ? { c: a.categories } : {}),
      ...(a.tags.length > 0 ? { t: a.tags } : {}),
      p: a.authors.map((p) => p.name),
      ...(a.language ? { l: a.language } : {}),
      ...(a.retracted ? { r: a.retracted.date.getTime() } : {}),
      ...(a.translationKey ? { tk: a.translationKey } : {}),
      ...(a.translations && a.translations.length > 0 ? { tr: a.translations } : {}),
    };
  }
  if (entry.skipped) record.e = entry.skipped;
  if (entry.warnings && entry.warnings.length > 0) record.w = entry.warnings;
  if (entry.checked) record.ok = 1;
  return JSON.stringify(record);
}

/**
 * Decodes records, sharing one string (and one author object) per distinct
 * name: an archive has a few hundred names and a million mentions of them.
 */
class Decoder {
  private readonly names = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private readonly casts = new Map<string, ReadonlyArray<{ name: string }>>();
  private readonly people = new Map<string, { name: string }>();

  entry(line: string, where: string): IndexEntry {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new StorageError(`${where}: a line is not JSON`);
    }
    const r = value as Partial<StoredRecord> | null;
    const bad = (field: string) => new StorageError(`${where}: ${field} is not as written`);
    if (typeof r !== 'object' || r === null) throw bad('a record');
    if (!isText(r.k) || !isText(r.v) || !/\.md$/.test(r.k)) throw bad('k or v');
    if (r.n !== undefined && !isText(r.n)) throw bad(`${r.k}: n`);
    if (!(isText(r.f) || isText(r.fp))) throw bad(`${r.k}: f or fp`);
    // Prefix + key is a rope in V8 (a pointer to each), and a slice of the key a pointer into it:
    // ~32 bytes each instead of a copy of a long path.
    const file = isText(r.fp) ? this.intern(r.fp) + r.k : (r.f as string);
    const entry: IndexEntry = { key: r.k, name: r.n ?? nameOf(r.k), file, version: r.v };
    if (r.a !== undefined) {
      const a = r.a;
      if (typeof a !== 'object' || a === null || !(isText(a.i) || isText(a.ip))) throw bad(`${r.k}: a`);
      if (a.s !== undefined && !isText(a.s)) throw bad(`${r.k}: a.s`);
      const slug = a.s ?? nameOf(r.k);
      if (!isTime(a.d) || (a.u !== undefined && !isTime(a.u))) throw bad(`${r.k}: a.d or a.u`);
      const categories = this.list(a.c, `${r.k}: a.c`, where);
      const tags = this.list(a.t, `${r.k}: a.t`, where);
      const authors = this.cast(this.list(a.p, `${r.k}: a.p`, where));
      if (a.l !== undefined && !isText(a.l)) throw bad(`${r.k}: a.l`);
      if (a.r !== undefined && !isTime(a.r)) throw bad(`${r.k}: a.r`);
      if (a.tk !== undefined && !isText(a.tk)) throw bad(`${r.k}: a.tk`);
      const translations = a.tr === undefined ? undefined : this.list(a.tr, `${r.k}: a.tr`, where);
      entry.article = {
        file,
        key: r.k,
        version: r.v,
        id: isText(a.ip) ? this.intern(a.ip) + slug : (a.i as string),
        slug,
        date: new Date(a.d),
        ...(a.u === undefined ? {} : { updated: new Date(a.u) }),
        draft: a.x === 1,
        categories,
        tags,
        authors,
        ...(a.l === undefined ? {} : { language: this.intern(a.l) }),
        ...(a.r === undefined ? {} : { retracted: { date: new Date(a.r) } }),
        ...(a.tk === undefined ? {} : { translationKey: a.tk }),
        ...(translations === undefined ? {} : { translations }),
      };
    }
    if (r.e !== undefined) {
      if (!Array.isArray(r.e) || !r.e.every(isSkipped)) throw bad(`${r.k}: e`);
      entry.skipped = r.e;
    }
    if (entry.article === undefined && entry.skipped === undefined) throw bad(`${r.k}: a or e`);
    if (r.w !== undefined) {
      if (!Array.isArray(r.w) || !r.w.every(isText)) throw bad(`${r.k}: w`);
      entry.warnings = r.w;
    }
    if (r.ok === 1) entry.checked = true;
    return entry;
  }

  /** One shared, frozen array per distinct list: a collection has few combinations of names. */
  private list(value: unknown, field: string, where: string): string[] {
    if (value === undefined) value = [];
    if (!Array.isArray(value) || !value.every(isText)) {
      throw new StorageError(`${where}: ${field} is not as written`);
    }
    const key = JSON.stringify(value);
    let list = this.lists.get(key);
    if (!list) {
      list = Object.freeze(value.map((name) => this.intern(name)));
      this.lists.set(key, list);
    }
    return list as string[];
  }

  private cast(names: readonly string[]): Array<{ name: string }> {
    const key = JSON.stringify(names);
    let cast = this.casts.get(key);
    if (!cast) {
      cast = Object.freeze(names.map((name) => this.person(name)));
      this.casts.set(key, cast);
    }
    return cast as Array<{ name: string }>;
  }

  private intern(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  private person(name: string): { name: string } {
    let person = this.people.get(name);
    if (!person) {
      person = Object.freeze({ name });
      this.people.set(name, person);
    }
    return person;
  }
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15;
const isSkipped = (value: unknown): value is SkippedArticle => {
  const s = value as Partial<SkippedArticle> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    isText(s.file) &&
    isText(s.reason) &&
    (s.field === undefined || isText(s.field))
  );
};

/** Shards fetched at once: each is one GET on S3. */
const SHARD_CONCURRENCY = 16;

/**
 * Reads every shard the descriptor lists, checking each object's content
 * against its id and every record's shape. Throws StorageError for a
 * missing, altered or malformed shard: the caller starts from nothing.
 */
export async function readIndex(
  descriptor: IndexDescriptor,
  store: IndexStore,
): Promise<Map<string, IndexEntry>> {
  if (!isDescriptor(descriptor)) throw new StorageError(`${store.where}: the index root is not as written`);
  const decoder = new Decoder();
  const entries = new Map<string, IndexEntry>();
  await mapConcurrently(descriptor.shards, SHARD_CONCURRENCY, async (id, shard) => {
    if (id === '') return;
    const where = `${store.where}${id}.jsonl`;
    let text: string | undefined;
    try {
      text = await store.get(id);
    } catch (error) {
      throw new StorageError(`${where}: cannot read`, { cause: error });
    }
    if (text === undefined) throw new StorageError(`${where}: missing`);
    if (shardId(text) !== id) throw new StorageError(`${where}: its content does not match its name`);
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const entry = decoder.entry(text.slice(start, end), where);
      if (shardOf(entry.key, descriptor.bits) !== shard)
        throw new StorageError(`${where}: ${entry.key} in the wrong shard`);
      entries.set(entry.key, entry);
      start = end + 1;
    }
  });
  if (entries.size !== descriptor.count) {
    throw new StorageError(`${store.where}: ${entries.size} records where the root says ${descriptor.count}`);
  }
  return entries;
}

function isDescriptor(value: IndexDescriptor): boolean {
  return (
    Number.isInteger(value.bits) &&
    value.bits >= 0 &&
    value.bits <= MAX_BITS &&
    Number.isInteger(value.count) &&
    value.count >= 0 &&
    Array.isArray(value.shards) &&
    value.shards.length === 2 ** value.bits &&
    value.shards.every((id) => id === '' || SHARD_ID.test(id))
  );
}

function shardId(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Writes the shards of `entries` that no earlier index already stored (the
 * names are content hashes, so an unchanged shard is the same object) and
 * returns the descriptor for the root. Shards are written before the root
 * that lists them: a root never points at a shard that is not there.
 */
export async function writeIndex(
  entries: Iterable<IndexEntry>,
  store: IndexStore,
  previous?: IndexDescriptor,
): Promise<IndexDescriptor> {
  const all = [...entries];
  const bits = shardBitsFor(all.length, previous?.bits);
  const byShard: IndexEntry[][] = Array.from({ length: 2 ** bits }, () => []);
  for (const entry of all) byShard[shardOf(entry.key, bits)]?.push(entry);
  const stored = new Set(previous?.shards ?? []);
  const shards = await mapConcurrently(byShard, SHARD_CONCURRENCY, async (shard) => {
    if (shard.length === 0) return '';
    shard.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const text = shard.map(encodeEntry).join('\n');
    const id = shardId(text);
    if (!stored.has(id)) await store.put(id, text);
    return id;
  });
  return { bits, count: all.length, shards };
}

/** Shards the previous root listed and the new one does not: removed once the new root is stored. */
export async function removeObsoleteShards(
  store: IndexStore,
  previous: IndexDescriptor | undefined,
  next: IndexDescriptor | undefined,
): Promise<void> {
  if (!previous || !isDescriptor(previous)) return;
  const kept = new Set(next?.shards ?? []);
  const obsolete = [...new Set(previous.shards)].filter((id) => id !== '' && !kept.has(id));
  // Best effort: a shard left behind costs storage, never correctness (no root lists it).
  await mapConcurrently(obsolete, SHARD_CONCURRENCY, (id) => store.remove(id).catch(() => undefined));
}

/** Shards kept inside the root itself: for runs without a store of their own (tests, the memory lock). */
export function createInlineIndexStore(initial: Record<string, string> = {}) {
  const objects = new Map(Object.entries(initial));
  return {
    where: 'inline:',
    async get(id: string) {
      return objects.get(id);
    },
    async put(id: string, text: string) {
      objects.set(id, text);
    },
    async remove(id: string) {
      objects.delete(id);
    },
    /** The shards a root must carry to stand alone. */
    carried(descriptor: IndexDescriptor): Record<string, string> {
      return Object.fromEntries(
        descriptor.shards.flatMap((id) => {
          const text = objects.get(id);
          return id !== '' && text !== undefined ? [[id, text] as const] : [];
        }),
      );
    },
  } satisfies IndexStore & Record<string, unknown>;
}
