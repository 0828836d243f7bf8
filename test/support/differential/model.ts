import fc from 'fast-check';
import { stringify } from 'yaml';
import { slugify } from '../../../functions/lib/articles/slug.js';

/**
 * The model of the differential test: what the editors' content looks like
 * (articles and site.yml, as plain data we render to files), the operations
 * that change it or the clocks, and their fast-check arbitraries. Every
 * operation holds only small numbers and picks from fixed pools, so a
 * counterexample shrinks to something a person can read.
 */

export const NAMES = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  // Non-ASCII, and a name whose slug and default id are those of `alpha`: clashes arise by themselves.
  'café',
  'Alpha',
] as const;
export const TITLES = [
  'Morning briefing',
  'Budget vote delayed',
  'Storm warning issued',
  'Election results',
  'New library opens',
  'Café reopens downtown',
] as const;
export const SUMMARIES = ['A short summary.', 'What happened, and why it matters.'] as const;
export const BODIES = [
  'Body text.\n',
  'A first paragraph about the news.\n\nA second paragraph with *emphasis* and a [link](https://example.org/a).\n',
  '# Heading\n\n- one\n- two\n\nClosing words here.\n',
  'Ünïcödé body — with accents, and café.\n',
  'Short.\n',
] as const;
/** `News` and `news` share the slug `news`: one feed, named by the more common spelling. */
export const CATEGORIES = ['News', 'Sport', 'Culture', 'news'] as const;
export const TAGS = ['morocco', 'economy', 'AI', 'climate'] as const;
export const AUTHORS = ['Amina', 'Bilal', 'Chen'] as const;
export const ZONES = ['UTC', 'Africa/Casablanca', 'America/New_York'] as const;
export const SITE_TITLES = ['Test Site', 'The Daily Test'] as const;
export const PARTNER_NAMES = ['Le Monde', 'Wire Service'] as const;
export const SECRETS = ['s3cr3t-0123456789ab', 'other-secret-9876543210'] as const;
export const KINDS = ['categories', 'tags', 'authors', 'languages'] as const;
/**
 * Article languages as editors write them; absent means the site's. `EN` is
 * the site's `en` once canonical, and `fr-ma` is `fr-MA`.
 */
export const LANGUAGES = ['fr', 'ar', 'fr-MA', 'EN', 'fr-ma'] as const;
/** The site's own language: switching it makes `fr` articles the site's and unmarked ones French. */
export const SITE_LANGUAGES = ['en', 'fr'] as const;
export const TRANSLATION_KEYS = ['story-rabat', 'story-budget'] as const;
export const CORRECTION_TEXTS = [
  "The mayor's name was misspelled.",
  'An earlier version gave 3 < 4 & other wrong figures.',
] as const;
export const RETRACTION_REASONS = [
  'The source withdrew the claim.',
  'Published in error — a <b>duplicate</b>.',
] as const;
export const HUBS = ['https://hub.site.test/', 'https://websub.example.net/hub'] as const;
/** How long Atom feeds carry a tombstone; null: the default, 30 days, not written. */
export const TOMBSTONE_DAYS = [0, 1, 7, 30] as const;

/** An image as front matter gives it: a URL, or `{url, alt, type, width, height, credit}`. */
export type ImageModel =
  | string
  | { url: string; alt?: string; type?: string; width?: number; height?: number; credit?: string };

/**
 * The images editors use, by index: a path on the site, a sized and credited
 * photo, one relative to the article's link (it moves with slug and link), a
 * chart without extension (its type given) taller than wide, and the photo
 * again with another credit (one picture, named twice).
 */
export function imageOf(index: number, name: string): ImageModel {
  switch (index % 5) {
    case 0:
      return `/images/${encodeURIComponent(name)}.jpg`;
    case 1:
      return {
        url: 'https://cdn.site.test/rabat-1.png',
        alt: 'The medina at dawn',
        width: 1200,
        height: 800,
        credit: 'Amina',
      };
    case 2:
      return { url: 'photo.webp', alt: 'Crowd outside the hall' };
    case 3:
      return { url: 'https://cdn.site.test/chart', type: 'image/svg+xml', width: 640, height: 960 };
    default:
      return { url: 'https://cdn.site.test/rabat-1.png', credit: 'Bilal' };
  }
}

/** The id an article named `name` has: by default from its file name, or the pinned one `pinId` gives. */
export function idOf(name: string, pinned: boolean): string {
  return pinned ? `tag:site.test,2025:pinned-${name}` : `tag:site.test,2025:${slugify(name)}`;
}

export type Kind = (typeof KINDS)[number];
export type Breakage = 'date' | 'title' | 'updated' | 'yaml' | 'unclosed';

/** The model clock starts here; article dates are relative to the clock when they are written. */
export const START = Date.parse('2025-06-01T12:00:00Z');

/** One article file as the editor wrote it. */
export interface ArticleModel {
  title: string;
  /** As written: `2025-06-01T10:00:00Z`, or `2025-06-01 10:00` (wall clock in the site's time zone). */
  date: string;
  updated: string | null;
  summary: string | null;
  categories: string[];
  tags: string[];
  authors: string[];
  draft: boolean;
  id: string | null;
  slug: string | null;
  link: string | null;
  image: ImageModel | null;
  images: ImageModel[];
  /** As written; null: the site's. */
  language: string | null;
  translationKey: string | null;
  /** Ids of other-language versions, as written: they may name articles that are gone, or this one. */
  translations: string[];
  corrections: Array<{ date: string; text: string }>;
  retracted: { date: string; reason: string } | null;
  body: string;
  broken: Breakage | null;
}

export interface PartnerModel {
  name: string;
  delayHours: number;
  secret: string | null;
  includeTag: string | null;
}

export interface SiteModel {
  title: string;
  language: string;
  itemLimit: number;
  timeZone: string;
  removeStale: boolean;
  kinds: Record<Kind, { enabled: boolean; itemLimit: number | null }>;
  partners: PartnerModel[];
  /** null: the default (30 days), not written. */
  tombstoneDays: number | null;
  hubs: string[];
}

/** Another article's id named in `translations`: by its file name, pinned or not. */
export interface TranslationRef {
  name: number;
  pinned: boolean;
}

/** Generated parameters of a new article (dates relative to the model clock). */
export interface ArticleSpec {
  title: number;
  minutes: number;
  updatedHours: number | null;
  localTime: boolean;
  categories: string[];
  tags: string[];
  authors: string[];
  draft: boolean;
  pinId: boolean;
  pinSlug: boolean;
  link: boolean;
  image: number | null;
  images: number[];
  language: number | null;
  translationKey: number | null;
  translations: TranslationRef[];
  /** Hours after the article's date: some still ahead of the clock, held back until then. */
  corrections: Array<{ hours: number; text: number }>;
  /** Retracted from the start, this many hours after its date. */
  retracted: { hours: number; reason: number } | null;
  summary: number | null;
  body: number;
  broken: Breakage | null;
}

export type FieldEdit =
  | { field: 'title'; title: number }
  | { field: 'tags'; tags: string[] }
  | { field: 'categories'; categories: string[] }
  | { field: 'authors'; authors: string[] }
  | { field: 'date'; minutes: number }
  | { field: 'updated'; hours: number | null }
  | { field: 'draft' }
  | { field: 'summary'; summary: number | null }
  | { field: 'slug'; pinned: boolean }
  /** A link elsewhere, or none (the default link, from the slug): the other versions' entries link it. */
  | { field: 'link'; on: boolean }
  | { field: 'image'; image: number | null }
  | { field: 'images'; images: number[] }
  | { field: 'language'; language: number | null }
  | { field: 'translationKey'; key: number | null }
  | { field: 'translations'; translations: TranslationRef[] }
  /** A correction dated `minutes` from the clock (ahead of it: held back), or null: all removed. */
  | { field: 'correction'; minutes: number | null; text: number }
  /**
   * Retracted `minutes` from the clock (not before the article's date when
   * `clamp`, as an editor would; otherwise it may be, and fail validation),
   * or null: the retraction removed.
   */
  | { field: 'retracted'; retraction: { minutes: number; reason: number; clamp: boolean } | null };

export type SiteEdit =
  | { key: 'title'; title: number }
  | { key: 'item_limit'; limit: number }
  | { key: 'kind'; kind: Kind; enabled: boolean; itemLimit: number | null }
  | { key: 'remove_stale'; on: boolean }
  | { key: 'partner'; which: number; partner: Omit<PartnerModel, 'name'> | null }
  | { key: 'time_zone'; zone: number }
  | { key: 'language'; language: number }
  | { key: 'tombstone_days'; days: number | null }
  | { key: 'hubs'; hubs: string[] };

/** An operation that changes content or a clock, followed by one run (or, for compound ones, two). */
export type SimpleOp =
  | { op: 'add'; name: number; article: ArticleSpec }
  | { op: 'editBody'; pick: number; body: number; append: boolean }
  | { op: 'editFront'; pick: number; edit: FieldEdit }
  | { op: 'sameSize'; pick: number; where: 'body' | 'title'; at: number }
  | { op: 'rename'; pick: number; name: number }
  | { op: 'delete'; pick: number }
  | { op: 'break'; pick: number; how: Breakage }
  | { op: 'fix'; pick: number }
  | { op: 'site'; edit: SiteEdit }
  | { op: 'embargoDue'; pick: number }
  | { op: 'partnerDelay'; pick: number; partner: number }
  /** The clock to a minute after (or before) a retraction's tombstone runs out. */
  | { op: 'tombstoneDue'; pick: number; before: boolean }
  | { op: 'clock'; minutes: number }
  | { op: 'revert' }
  | { op: 'rerun' };

export type Op =
  | SimpleOp
  /** Two files claim one id (or slug); after a run, the one that won is deleted. */
  | { op: 'duplicate'; pick: number; name: number; claim: 'id' | 'slug'; article: ArticleSpec }
  /** `edit` (if any) is applied, then the run is killed after `k` target writes. */
  | { op: 'crash'; k: number; edit: SimpleOp | null; recover: boolean };

export interface SequenceCase {
  site: SiteModel;
  articles: Array<{ name: number; article: ArticleSpec }>;
  ops: Op[];
}

// ---------------------------------------------------------------------------------------------
// Rendering the model to files

const SITE_BASE = {
  description: 'Articles for tests.',
  home_url: 'https://site.test/',
  feeds_url: 'https://feeds.site.test/',
  author: { name: 'Test Desk' },
  publish_interval_minutes: 15,
  id_authority: 'site.test,2025',
};

export function siteYaml(site: SiteModel): string {
  const kind = (k: Kind) => ({
    enabled: site.kinds[k].enabled,
    ...(site.kinds[k].itemLimit === null ? {} : { item_limit: site.kinds[k].itemLimit }),
  });
  const doc = {
    title: site.title,
    ...SITE_BASE,
    language: site.language,
    time_zone: site.timeZone,
    item_limit: site.itemLimit,
    feeds: {
      categories: kind('categories'),
      tags: kind('tags'),
      authors: kind('authors'),
      languages: kind('languages'),
      remove_stale: site.removeStale,
    },
    ...(site.tombstoneDays === null ? {} : { retractions: { tombstone_days: site.tombstoneDays } }),
    ...(site.hubs.length === 0 ? {} : { websub: { hubs: site.hubs } }),
    partners: site.partners.map((p) => ({
      name: p.name,
      delay_hours: p.delayHours,
      ...(p.secret === null ? {} : { secret: p.secret }),
      ...(p.includeTag === null ? {} : { include: { tags: [p.includeTag] } }),
    })),
  };
  return stringify(doc, { lineWidth: 0 });
}

export function articleFileText(a: ArticleModel): string {
  const fields: Record<string, unknown> = {
    title: a.broken === 'title' ? '' : a.title,
    date: a.broken === 'date' ? 'next tuesday' : a.date,
  };
  if (a.broken === 'updated') fields.updated = '2001-01-01T00:00:00Z';
  else if (a.updated !== null) fields.updated = a.updated;
  if (a.summary !== null) fields.summary = a.summary;
  if (a.authors.length > 0) fields.authors = a.authors;
  if (a.categories.length > 0) fields.categories = a.categories;
  if (a.tags.length > 0) fields.tags = a.tags;
  if (a.draft) fields.draft = true;
  if (a.id !== null) fields.id = a.id;
  if (a.slug !== null) fields.slug = a.slug;
  if (a.link !== null) fields.link = a.link;
  if (a.image !== null) fields.image = a.image;
  if (a.images.length > 0) fields.images = a.images;
  if (a.language !== null) fields.language = a.language;
  if (a.translationKey !== null) fields.translation_key = a.translationKey;
  if (a.translations.length > 0) fields.translations = a.translations;
  if (a.corrections.length > 0) fields.corrections = a.corrections;
  if (a.retracted !== null) fields.retracted = a.retracted;
  const yaml = stringify(fields, { lineWidth: 0 });
  if (a.broken === 'yaml') return `---\nbad: [unclosed\n${yaml}---\n${a.body}`;
  if (a.broken === 'unclosed') return `---\n${yaml}\n${a.body}`;
  return `---\n${yaml}---\n${a.body}`;
}

/** `2025-06-01T10:00:00Z`, or `2025-06-01 10:00` read in the site's time zone. */
export function writtenDate(ms: number, localTime: boolean): string {
  const iso = new Date(ms).toISOString();
  return localTime ? iso.slice(0, 16).replace('T', ' ') : iso.replace('.000Z', 'Z');
}

export function articleFromSpec(spec: ArticleSpec, name: string, now: number): ArticleModel {
  const date = now + spec.minutes * 60_000;
  return {
    title: TITLES[spec.title % TITLES.length] ?? 'Untitled',
    date: writtenDate(date, spec.localTime),
    updated: spec.updatedHours === null ? null : writtenDate(date + spec.updatedHours * 3_600_000, false),
    summary: spec.summary === null ? null : (SUMMARIES[spec.summary % SUMMARIES.length] ?? null),
    categories: [...spec.categories],
    tags: [...spec.tags],
    authors: [...spec.authors],
    draft: spec.draft,
    id: spec.pinId ? idOf(name, true) : null,
    slug: spec.pinSlug ? `story-${name}` : null,
    link: spec.link ? `https://elsewhere.test/${encodeURIComponent(name)}` : null,
    image: spec.image === null ? null : imageOf(spec.image, name),
    images: spec.images.map((index) => imageOf(index, name)),
    language: spec.language === null ? null : (LANGUAGES[spec.language % LANGUAGES.length] ?? null),
    translationKey:
      spec.translationKey === null
        ? null
        : (TRANSLATION_KEYS[spec.translationKey % TRANSLATION_KEYS.length] ?? null),
    translations: spec.translations.map(translationId),
    corrections: spec.corrections.map((c) => ({
      date: writtenDate(date + c.hours * 3_600_000, spec.localTime),
      text: CORRECTION_TEXTS[c.text % CORRECTION_TEXTS.length] ?? 'Corrected.',
    })),
    retracted:
      spec.retracted === null
        ? null
        : {
            date: writtenDate(date + spec.retracted.hours * 3_600_000, spec.localTime),
            reason: RETRACTION_REASONS[spec.retracted.reason % RETRACTION_REASONS.length] ?? 'Withdrawn.',
          },
    body: BODIES[spec.body % BODIES.length] ?? 'Body.\n',
    broken: spec.broken,
  };
}

export function translationId(ref: TranslationRef): string {
  return idOf(NAMES[ref.name % NAMES.length] ?? 'alpha', ref.pinned);
}

export function partnerSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const breakage = fc.constantFrom<Breakage>('date', 'title', 'updated', 'yaml', 'unclosed');

/** `value` one time in `1 + weight`, else `otherwise`: for fields most articles leave out. */
function rarely<T, U>(value: fc.Arbitrary<T>, otherwise: U, weight: number): fc.Arbitrary<T | U> {
  return fc.oneof({ arbitrary: fc.constant(otherwise), weight }, { arbitrary: value, weight: 1 });
}

const DAY_MINUTES = 24 * 60;
const quarterHours = (m: number) => m - (m % 15);
/** Some articles are from the archive, weeks old: old enough for their tombstones to have run out. */
const archiveMinutes = fc.integer({ min: -90 * DAY_MINUTES, max: -20 * DAY_MINUTES }).map(quarterHours);

const translationRefArb: fc.Arbitrary<TranslationRef> = fc.record({
  name: fc.nat(NAMES.length - 1),
  pinned: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
});
const translationsArb = rarely(fc.array(translationRefArb, { minLength: 1, maxLength: 2 }), [], 2);
/**
 * Half the articles in the site's language, most others in French or Arabic,
 * a few spelled otherwise (`fr-MA`, `EN`, `fr-ma`): a collection of a few
 * articles is in two or three languages.
 */
const languageArb: fc.Arbitrary<number | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 5 },
  { arbitrary: fc.constantFrom(0, 1), weight: 4 },
  { arbitrary: fc.nat(LANGUAGES.length - 1), weight: 1 },
);
const imagesArb = rarely(fc.subarray([0, 1, 2, 3, 4], { minLength: 1, maxLength: 2 }), [], 4);

export const articleSpecArb: fc.Arbitrary<ArticleSpec> = fc.record({
  title: fc.nat(TITLES.length - 1),
  // Mostly in the last three days (live), two in nine in the future (embargoed), one in nine weeks old.
  minutes: fc.oneof(
    { arbitrary: fc.integer({ min: -72 * 60, max: 0 }).map(quarterHours), weight: 6 },
    { arbitrary: fc.integer({ min: 1, max: 24 * 60 }).map((m) => quarterHours(m) + 15), weight: 2 },
    { arbitrary: archiveMinutes, weight: 1 },
  ),
  updatedHours: fc.option(fc.integer({ min: 1, max: 48 }), { freq: 3 }),
  localTime: fc.boolean(),
  categories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  tags: fc.subarray([...TAGS], { maxLength: 2 }),
  authors: fc.subarray([...AUTHORS], { maxLength: 2 }),
  draft: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  pinId: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  pinSlug: fc.oneof(
    { arbitrary: fc.constant(false), weight: 5 },
    { arbitrary: fc.constant(true), weight: 1 },
  ),
  link: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
  image: rarely(fc.nat(4), null, 3),
  images: imagesArb,
  language: languageArb,
  // Half the articles are one version of a story, joined by key or by listing ids.
  translationKey: rarely(fc.nat(TRANSLATION_KEYS.length - 1), null, 1),
  translations: translationsArb,
  corrections: rarely(
    fc.array(fc.record({ hours: fc.integer({ min: 0, max: 96 }), text: fc.nat(1) }), {
      minLength: 1,
      maxLength: 2,
    }),
    [],
    4,
  ),
  retracted: rarely(fc.record({ hours: fc.integer({ min: 0, max: 72 }), reason: fc.nat(1) }), null, 5),
  summary: fc.option(fc.nat(SUMMARIES.length - 1), { freq: 2 }),
  body: fc.nat(BODIES.length - 1),
  // One in eight broken. (fc.option's `freq: 8` gives null one time in eight: seven in eight were broken.)
  broken: rarely(breakage, null, 7),
});

/** Retractions: mostly recent, some about 30 days back (a tombstone at its end), some older, a few ahead. */
const retractionMinutes = fc.oneof(
  { arbitrary: fc.integer({ min: -3 * DAY_MINUTES, max: 0 }), weight: 3 },
  { arbitrary: fc.integer({ min: -120, max: 120 }).map((m) => m - 30 * DAY_MINUTES), weight: 2 },
  { arbitrary: fc.integer({ min: -60 * DAY_MINUTES, max: -31 * DAY_MINUTES }), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: DAY_MINUTES }), weight: 1 },
);

const fieldEdit: fc.Arbitrary<FieldEdit> = fc.oneof(
  fc.record({ field: fc.constant('title' as const), title: fc.nat(TITLES.length - 1) }),
  fc.record({ field: fc.constant('tags' as const), tags: fc.subarray([...TAGS], { maxLength: 3 }) }),
  fc.record({
    field: fc.constant('categories' as const),
    categories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  }),
  fc.record({ field: fc.constant('authors' as const), authors: fc.subarray([...AUTHORS], { maxLength: 2 }) }),
  fc.record({
    field: fc.constant('date' as const),
    minutes: fc.oneof(
      { arbitrary: fc.integer({ min: -72 * 60, max: 24 * 60 }).map(quarterHours), weight: 5 },
      { arbitrary: archiveMinutes, weight: 1 },
    ),
  }),
  fc.record({ field: fc.constant('updated' as const), hours: fc.option(fc.integer({ min: 1, max: 48 })) }),
  fc.record({ field: fc.constant('draft' as const) }),
  fc.record({ field: fc.constant('summary' as const), summary: fc.option(fc.nat(SUMMARIES.length - 1)) }),
  fc.record({ field: fc.constant('slug' as const), pinned: fc.boolean() }),
  fc.record({ field: fc.constant('link' as const), on: fc.boolean() }),
  fc.record({ field: fc.constant('image' as const), image: fc.option(fc.nat(4)) }),
  fc.record({
    field: fc.constant('images' as const),
    images: fc.subarray([0, 1, 2, 3, 4], { maxLength: 2 }),
  }),
  {
    arbitrary: fc.record({
      field: fc.constant('language' as const),
      language: languageArb,
    }),
    weight: 2,
  },
  fc.record({
    field: fc.constant('translationKey' as const),
    key: fc.option(fc.nat(TRANSLATION_KEYS.length - 1)),
  }),
  fc.record({
    field: fc.constant('translations' as const),
    translations: fc.array(translationRefArb, { maxLength: 2 }),
  }),
  {
    arbitrary: fc.record({
      field: fc.constant('correction' as const),
      minutes: fc.option(
        fc.oneof(
          { arbitrary: fc.integer({ min: -24 * 60, max: 0 }), weight: 3 },
          { arbitrary: fc.integer({ min: 1, max: 12 * 60 }), weight: 1 },
        ),
        { freq: 5 },
      ),
      text: fc.nat(CORRECTION_TEXTS.length - 1),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      field: fc.constant('retracted' as const),
      retraction: fc.option(
        fc.record({
          minutes: retractionMinutes,
          reason: fc.nat(RETRACTION_REASONS.length - 1),
          clamp: fc.oneof(
            { arbitrary: fc.constant(true), weight: 6 },
            { arbitrary: fc.constant(false), weight: 1 },
          ),
        }),
        { freq: 3 },
      ),
    }),
    weight: 4,
  },
);

const partnerArb: fc.Arbitrary<Omit<PartnerModel, 'name'>> = fc.record({
  delayHours: fc.constantFrom(0, 1, 6, 24),
  secret: fc.option(fc.constantFrom(...SECRETS)),
  includeTag: fc.option(fc.constantFrom(...TAGS), { freq: 3 }),
});

const siteEdit: fc.Arbitrary<SiteEdit> = fc.oneof(
  fc.record({ key: fc.constant('title' as const), title: fc.nat(SITE_TITLES.length - 1) }),
  fc.record({ key: fc.constant('item_limit' as const), limit: fc.constantFrom(1, 2, 3, 50) }),
  fc.record({
    key: fc.constant('kind' as const),
    kind: fc.constantFrom(...KINDS),
    enabled: fc.boolean(),
    itemLimit: fc.option(fc.constantFrom(1, 2), { freq: 3 }),
  }),
  fc.record({ key: fc.constant('remove_stale' as const), on: fc.boolean() }),
  fc.record({
    key: fc.constant('partner' as const),
    which: fc.nat(PARTNER_NAMES.length - 1),
    partner: fc.option(partnerArb, { freq: 3 }),
  }),
  fc.record({ key: fc.constant('time_zone' as const), zone: fc.nat(ZONES.length - 1) }),
  fc.record({ key: fc.constant('language' as const), language: fc.nat(SITE_LANGUAGES.length - 1) }),
  fc.record({
    key: fc.constant('tombstone_days' as const),
    days: fc.option(fc.constantFrom(...TOMBSTONE_DAYS)),
  }),
  fc.record({ key: fc.constant('hubs' as const), hubs: fc.subarray([...HUBS]) }),
);

const pick = fc.nat(11);

/** Every weight here is how often the operation comes up, relative to the others. */
export const simpleOpArb: fc.Arbitrary<SimpleOp> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant('add' as const), name: pick, article: articleSpecArb }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('editBody' as const),
      pick,
      body: fc.nat(BODIES.length - 1),
      append: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('editFront' as const), pick, edit: fieldEdit }), weight: 7 },
  {
    arbitrary: fc.record({
      op: fc.constant('sameSize' as const),
      pick,
      where: fc.constantFrom('body' as const, 'title' as const),
      at: fc.nat(40),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('rename' as const), pick, name: pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('break' as const), pick, how: breakage }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('fix' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('site' as const), edit: siteEdit }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('embargoDue' as const), pick }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('partnerDelay' as const), pick, partner: fc.nat(1) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('tombstoneDue' as const),
      pick,
      before: fc.oneof(
        { arbitrary: fc.constant(false), weight: 2 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('clock' as const),
      minutes: fc.oneof(
        { arbitrary: fc.integer({ min: -120, max: 120 }), weight: 3 },
        { arbitrary: fc.integer({ min: -48, max: 96 }).map((h) => h * 60), weight: 3 },
        { arbitrary: fc.integer({ min: -3, max: 5 }).map((d) => d * DAY_MINUTES), weight: 3 },
        // About a month on: across the default 30 days of a tombstone.
        { arbitrary: fc.integer({ min: 28, max: 32 }).map((d) => d * DAY_MINUTES), weight: 1 },
      ),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ op: 'revert' as const }), weight: 1 },
  { arbitrary: fc.constant({ op: 'rerun' as const }), weight: 1 },
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: simpleOpArb, weight: 30 },
  {
    arbitrary: fc.record({
      op: fc.constant('duplicate' as const),
      pick,
      name: pick,
      claim: fc.constantFrom('id' as const, 'slug' as const),
      article: articleSpecArb,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('crash' as const),
      k: fc.nat(6),
      edit: fc.option(simpleOpArb, { freq: 4 }),
      recover: fc.boolean(),
    }),
    weight: 3,
  },
);

export const siteArb: fc.Arbitrary<SiteModel> = fc.record({
  title: fc.constant('Test Site'),
  language: fc.oneof(
    { arbitrary: fc.constant('en'), weight: 4 },
    { arbitrary: fc.constant('fr'), weight: 1 },
  ),
  itemLimit: fc.constantFrom(50, 50, 3, 2),
  timeZone: fc.constant('UTC'),
  removeStale: fc.oneof(
    { arbitrary: fc.constant(true), weight: 3 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
  kinds: fc.record({
    categories: fc.record({ enabled: fc.constant(true), itemLimit: fc.constant(null) }),
    tags: fc.record({
      enabled: fc.oneof(
        { arbitrary: fc.constant(true), weight: 4 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
      itemLimit: fc.constant(null),
    }),
    authors: fc.record({ enabled: fc.boolean(), itemLimit: fc.constant(null) }),
    languages: fc.record({
      enabled: fc.oneof(
        { arbitrary: fc.constant(true), weight: 4 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
      itemLimit: rarely(fc.constantFrom(1, 2), null, 3),
    }),
  }),
  partners: fc.oneof(
    { arbitrary: fc.constant([] as PartnerModel[]), weight: 2 },
    {
      arbitrary: partnerArb.map((p): PartnerModel[] => [{ name: PARTNER_NAMES[0], ...p }]),
      weight: 1,
    },
  ),
  // A day now and then, so that ordinary clock jumps run tombstones out too.
  tombstoneDays: rarely(fc.constantFrom(0, 1, 1, 7), null, 2),
  hubs: rarely(fc.subarray([...HUBS], { minLength: 1 }), [] as string[], 3),
});

/**
 * Whole sequences: a site, a starting collection, then up to `maxOps`
 * operations. `skip` leaves operations out by name (`sameSize`, `crash`…), to
 * look past a known defect that would otherwise mask the others.
 */
export function caseArb(maxOps: number, skip: ReadonlySet<string> = new Set()): fc.Arbitrary<SequenceCase> {
  const allowed = (op: Op): boolean =>
    !skip.has(op.op) && (op.op !== 'crash' || op.edit === null || !skip.has(op.edit.op));
  return fc.record({
    site: siteArb,
    articles: fc.uniqueArray(fc.record({ name: fc.nat(NAMES.length - 1), article: articleSpecArb }), {
      maxLength: 6,
      selector: (a) => a.name,
    }),
    ops: fc.array(skip.size === 0 ? opArb : opArb.filter(allowed), {
      minLength: 1,
      maxLength: maxOps,
      size: 'max',
    }),
  });
}
