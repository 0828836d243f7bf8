/**
 * Synthetic article collections for tests and benchmarks. Every text here is
 * made up from word pools (fictional towns such as Sampleton and Puerto
 * Ejemplo, invented people); nothing is real news.
 *
 * The output is a function of (count, seed, startDate) only: a seeded PRNG
 * drives every choice, never Math.random or the clock, so a benchmark or a
 * failing test can be reproduced byte for byte. Article i is also the same
 * whatever `count` is, so a small collection is a prefix of a larger one.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** What to generate. */
export interface CollectionOptions {
  /** Number of articles, 0 or more. */
  count: number;
  /** Any integer; the same seed gives the same collection. Default 1. */
  seed?: number;
  /** "Now" of the collection: articles are dated in the years before it, a few after it (embargoed). */
  startDate?: string;
}

/** One article file: `name` is the file name in `articles/`, `text` the whole file. */
export interface GeneratedArticle {
  name: string;
  text: string;
}

/** Seed used when none is given: `--seed 1` and no seed give the same collection. */
export const DEFAULT_SEED = 1;
/** "Now" of a collection when none is given; build with `--now` at or after it to publish all but the embargoed. */
export const DEFAULT_START_DATE = '2025-06-01T00:00:00Z';
/** Bodies stay within this band; their sizes follow a long-tailed (log-normal) distribution inside it. */
export const MIN_BODY_BYTES = 300;
export const MAX_BODY_BYTES = 8192;

/** The category pool; every entry shows up in any collection of a few hundred articles. */
export const CATEGORIES = [
  'Économie',
  'سياسة',
  'Politics',
  'Science & Tech',
  'Culture',
  'Santé',
  'Sports',
  'Environment',
  'Educación',
  'Opinion',
] as const;

/** Distinct even when lower-cased, because the parser drops case-insensitive duplicates. */
export const TAGS = [
  'climate',
  'AI',
  'open source',
  'élections',
  'énergie',
  'santé publique',
  'fútbol',
  'música',
  'cine',
  'ذكاء اصطناعي',
  'تعليم',
  'Q&A',
  'C++',
  'Node.js',
  'TypeScript',
  'data',
  'space 🚀',
  'books',
  'transport',
  'water',
  'budget',
  'startups',
  'Sampleton',
  'Puerto Ejemplo',
  'Villeneuve-sur-Test',
  'interview',
  'explainer',
  'café',
  'jazz',
  'chess',
] as const;

interface Author {
  name: string;
  email: string;
  url: string;
}

/** Invented people; the e-mail and URL live on reserved example domains. */
export const AUTHORS: readonly Author[] = [
  ['Amina El Idrissi', 'amina.elidrissi'],
  ['Jean-Baptiste Lefèvre', 'jb.lefevre'],
  ['Sofía Hernández', 'sofia.hernandez'],
  ['Zoë van der Berg', 'zoe.vanderberg'],
  ['Björn Ångström', 'bjorn.angstrom'],
  ['Chloé Dubois', 'chloe.dubois'],
  ['يوسف بنعلي', 'youssef.benali'],
  ['Priya Raman', 'priya.raman'],
  ['Mateo García-López', 'mateo.garcia'],
  ['Hannah O’Connor', 'hannah.oconnor'],
  ['Kwame Mensah', 'kwame.mensah'],
  ['Léa Nguyễn', 'lea.nguyen'],
].map(([name = '', handle = '']) => ({
  name,
  email: `${handle}@synthetic.example`,
  url: `https://synthetic.example/authors/${handle.replace('.', '-')}/`,
}));

/**
 * Generates `count` synthetic articles: YAML front matter (title, date, and
 * sometimes updated, summary, image, draft) and a Markdown body with
 * headings, lists, quotes, code, links, images and the odd table, in
 * English, French, Spanish and Arabic with some emoji. About 5% share their
 * date with an earlier article (tie-breaks), about 1.5% are dated after
 * `startDate` (embargo) and 2% are drafts.
 *
 * @example
 *   const articles = generateCollection({ count: 3, seed: 7 });
 *   articles[0]?.name; // 'a000000-…md'; names sort in generation order
 */
export function generateCollection(options: CollectionOptions): GeneratedArticle[] {
  const { count, seed, startMs } = checkOptions(options);
  const random = createRandom(seed);
  const digits = Math.max(6, String(Math.max(count - 1, 0)).length);
  const earlierDates: ArticleDate[] = [];
  const articles: GeneratedArticle[] = [];
  for (let index = 0; index < count; index++) {
    const article = generateArticle(random, startMs, earlierDates);
    const number = String(index).padStart(digits, '0');
    articles.push({ name: `a${number}-${fileSlug(article.title)}.md`, text: article.text });
  }
  return articles;
}

/**
 * The site.yml that goes with a generated collection: the keys of
 * content/site.yml with synthetic values, and UTC so that dates without an
 * offset mean the same on every machine.
 *
 * @example parseSiteConfig(generateSiteYaml({ count: 10 }), 'site.yml').homeUrl === 'https://synthetic.example/'
 */
export function generateSiteYaml(options: CollectionOptions): string {
  const { count, seed } = checkOptions(options);
  return stringify(
    {
      title: 'feedwright synthetic corpus',
      description: `Synthetic articles for tests and benchmarks (count ${count}, seed ${seed}); not real news.`,
      home_url: 'https://synthetic.example/',
      feeds_url: 'https://feeds.synthetic.example/',
      language: 'en',
      copyright: '© 2025 synthetic.example (synthetic text)',
      author: { name: 'Synthetic Desk' },
      time_zone: 'UTC',
      item_limit: 50,
      publish_interval_minutes: 15,
      id_authority: 'synthetic.example,2025',
    },
    { lineWidth: 0 },
  );
}

/**
 * Writes a generated collection as `dir/site.yml` and `dir/articles/*.md`
 * and returns the bytes written (articles and site.yml). Refuses a
 * non-empty `dir/articles`, so an earlier, larger collection is never mixed in.
 *
 * @example const bytes = await writeCollection('/tmp/corpus', { count: 1000, seed: 1 });
 */
export async function writeCollection(dir: string, options: CollectionOptions): Promise<number> {
  const articles = generateCollection(options);
  const siteYaml = generateSiteYaml(options);
  const articlesDir = path.join(dir, 'articles');
  await mkdir(articlesDir, { recursive: true });
  const existing = await readdir(articlesDir);
  if (existing.length > 0) {
    throw new Error(
      `${articlesDir} already holds ${existing.length} file(s); write the corpus into an empty folder`,
    );
  }
  let bytes = 0;
  const encoded = new TextEncoder().encode(siteYaml);
  await writeFile(path.join(dir, 'site.yml'), encoded);
  bytes += encoded.byteLength;
  // Batches keep thousands of files from opening at once (EMFILE) while still overlapping I/O.
  const BATCH = 64;
  for (let start = 0; start < articles.length; start += BATCH) {
    const batch = articles.slice(start, start + BATCH).map(async (article) => {
      const data = new TextEncoder().encode(article.text);
      await writeFile(path.join(articlesDir, article.name), data);
      return data.byteLength;
    });
    for (const written of await Promise.all(batch)) bytes += written;
  }
  return bytes;
}

// ---------------------------------------------------------------------------
// Options

function checkOptions(options: CollectionOptions): { count: number; seed: number; startMs: number } {
  const { count, seed = DEFAULT_SEED, startDate = DEFAULT_START_DATE } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count: ${count} must be a whole number, 0 or more`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: ${seed} must be a whole number`);
  if (!isStartDate(startDate)) {
    throw new RangeError(
      `startDate: ${JSON.stringify(startDate)} must be an ISO 8601 date with an offset, e.g. ${DEFAULT_START_DATE}`,
    );
  }
  return { count, seed, startMs: Date.parse(startDate) };
}

/**
 * True for an ISO 8601 date-time with an offset that names a real instant. The offset is required so
 * that a collection does not depend on the machine's time zone.
 *
 * @example isStartDate('2025-06-01T00:00:00Z') === true && isStartDate('2025-06-01') === false
 */
export function isStartDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!match) return false;
  // Date.parse rolls 2025-02-30 over to March; the calendar day must survive a round trip.
  const [, year, month, day] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    !Number.isNaN(Date.parse(text)) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day)
  );
}

// ---------------------------------------------------------------------------
// Randomness

interface Random {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `k` distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** mulberry32: tiny, fast, and good enough for test data; 32-bit state from the seed. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const float = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(float() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty pool');
    return item;
  };
  return {
    float,
    int,
    chance: (probability) => float() < probability,
    pick,
    sample<T>(items: readonly T[], k: number): T[] {
      const pool = [...items];
      const out: T[] = [];
      while (out.length < k && pool.length > 0) {
        const [item] = pool.splice(int(0, pool.length - 1), 1);
        if (item !== undefined) out.push(item);
      }
      return out;
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - float())) * Math.cos(2 * Math.PI * float()),
  };
}

// ---------------------------------------------------------------------------
// One article

interface ArticleDate {
  ms: number;
  text: string;
}

const MINUTE = 60_000;
const SPAN_YEARS = 6;

function generateArticle(
  random: Random,
  startMs: number,
  earlierDates: ArticleDate[],
): { title: string; text: string } {
  const title = generateTitle(random);
  const date = generateDate(random, startMs, earlierDates);
  earlierDates.push(date);

  const fields: Record<string, unknown> = { title, date: date.text };
  if (random.chance(0.2)) {
    const updatedMs = date.ms + random.int(10, 45 * 1440) * MINUTE;
    fields.updated = formatDate(updatedMs, random.pick(OFFSETS), random).text;
  }
  if (random.chance(0.3)) fields.summary = generateSummary(random);
  fields.authors = generateAuthors(random);
  const categories = random.sample(CATEGORIES, random.int(1, 3));
  fields.categories = categories.length === 1 && random.chance(0.4) ? categories[0] : categories;
  const tagCount = random.pick([0, 0, 1, 2, 2, 3, 3, 4, 5]);
  if (tagCount > 0) fields.tags = random.sample(TAGS, tagCount);
  if (random.chance(0.25)) fields.image = generateImage(random);
  if (random.chance(0.02)) fields.draft = true;

  // No line folding: the yaml package can fold a long string between the halves of a surrogate pair.
  const frontMatter = stringify(fields, { lineWidth: 0 });
  return { title, text: `---\n${frontMatter}---\n${generateBody(random)}` };
}

/** Offsets in minutes east of UTC, including half- and three-quarter-hour zones. */
const OFFSETS = [0, 0, 0, 60, 60, 120, 180, -180, -240, -300, 330, 345, 540, -570] as const;

function generateDate(random: Random, startMs: number, earlierDates: ArticleDate[]): ArticleDate {
  if (earlierDates.length > 0 && random.chance(0.05)) {
    const earlier = random.pick(earlierDates);
    // Either the same text or the same instant written in another offset: both must tie.
    return random.chance(0.6) ? earlier : formatDate(earlier.ms, random.pick(OFFSETS), random);
  }
  const ms = random.chance(0.015)
    ? startMs + random.int(60, 90 * 1440) * MINUTE
    : startMs - random.int(1, Math.round(SPAN_YEARS * 365.25 * 1440)) * MINUTE;
  return formatDate(ms, random.pick(OFFSETS), random);
}

/** `2024-03-05T14:20:00+05:30`: the wall-clock time at that offset, then the offset. */
function formatDate(ms: number, offsetMinutes: number, random: Random): ArticleDate {
  const wallClock = new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  const offset = offsetMinutes === 0 && random.chance(0.7) ? 'Z' : `${sign}${hours}:${minutes}`;
  return { ms, text: `${wallClock}${offset}` };
}

function generateAuthors(random: Random): unknown {
  const people = random.sample(AUTHORS, random.chance(0.8) ? 1 : 2);
  const written = people.map((person) => {
    if (random.chance(0.75)) return person.name;
    return random.chance(0.7) ? { ...person } : { name: person.name, url: person.url };
  });
  // A single name is also valid as a plain scalar, as people often write it.
  return written.length === 1 && typeof written[0] === 'string' && random.chance(0.5) ? written[0] : written;
}

function generateImage(random: Random): unknown {
  const n = random.int(1, 999);
  const url = random.pick([
    `/images/photo-${n}.jpg`,
    `/images/${random.pick(EN_NOUNS)}-${n}.jpeg`,
    `images/cover-${n}.jpg`,
    `https://cdn.synthetic.example/photos/${n}.png`,
    `https://cdn.synthetic.example/wide/${random.pick(EN_NOUNS)}-${n}.webp`,
  ]);
  if (random.chance(0.7)) return url;
  return {
    url,
    alt: sentenceCase(`${random.pick(EN_ADJECTIVES)} ${random.pick(EN_NOUNS)} in ${random.pick(PLACES)}`),
  };
}

/** Letters and digits of the title, joined by `-`, cut near 40 characters at a word boundary. */
function fileSlug(title: string): string {
  const words = title
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (slug && Array.from(next).length > 40) break;
    slug = next;
  }
  return slug || 'untitled';
}

// ---------------------------------------------------------------------------
// Words

const EN_ADJECTIVES = [
  'synthetic',
  'quarterly',
  'regional',
  'experimental',
  'open',
  'quiet',
  'modular',
  'annual',
  'provisional',
  'curious',
  'municipal',
  'remote',
  'unexpected',
  'sample',
  'fictional',
];
const EN_NOUNS = [
  'council',
  'budget',
  'library',
  'bridge',
  'festival',
  'survey',
  'orchestra',
  'harbour',
  'dataset',
  'committee',
  'garden',
  'tram line',
  'museum',
  'prototype',
  'archive',
  'workshop',
  'market',
  'observatory',
];
const EN_VERBS = [
  'reviewed',
  'published',
  'postponed',
  'approved',
  'measured',
  'discussed',
  'announced',
  'rebuilt',
  'tested',
  'celebrated',
];
const EN_TAILS = [
  'after a long synthetic debate',
  'ahead of the fictional winter season',
  'according to a sample report',
  'for the third time this invented year',
  'with mixed and entirely made-up results',
  'while residents asked for more benches',
  'in a meeting that lasted exactly 42 minutes',
  'under a cloudless, imaginary sky',
];
const PLACES = [
  'Sampleton',
  'Puerto Ejemplo',
  'Villeneuve-sur-Test',
  'Fauxbourg',
  'Lakeview Mock',
  'Testhaven',
];
const FR_SENTENCES = [
  'La réunion de Villeneuve-sur-Test a présenté un rapport fictif sur l’économie locale.',
  'Les élèves ont préféré étudier la météo d’été plutôt que l’histoire du château.',
  'Selon une étude inventée, la société coopérative a créé 12 emplois “fictifs” cette année.',
  'Le comité a décidé de reporter la fête du quartier à la rentrée prochaine.',
  'Ça reste une hypothèse : le théâtre ouvrira peut-être à l’automne.',
  'Où trouver des données fiables ? Dans l’archive publique, évidemment.',
];
const ES_SENTENCES = [
  'El año pasado, la biblioteca de Puerto Ejemplo recibió más de mil visitas ficticias.',
  'La señal del faro se apagó durante la mañana, según un informe inventado.',
  'Los niños del barrio votaron por un parque con más árboles y menos coches.',
  '¿Quién decide el presupuesto? La asamblea, después de una larga discusión.',
  'La información publicada es sintética y sirve únicamente para pruebas.',
  'El corazón de la ciudad es el mercado, que abre a las ocho en punto.',
];
const AR_SENTENCES = [
  'ناقش المجلس البلدي في مدينة النموذج تقريراً تجريبياً عن الميزانية.',
  'افتتحت المكتبة العامة قاعة جديدة للقراءة في فصل الصيف.',
  'هذا النص مُولَّد آلياً لأغراض الاختبار فقط وليس خبراً حقيقياً.',
  'قال أحد السكان إن السوق الأسبوعي أصبح أكثر ازدحاماً من قبل.',
  'أعلنت اللجنة عن مسابقة للتصوير الفوتوغرافي في الحديقة المركزية.',
];
const AR_TITLES = [
  'تقرير تجريبي عن الميزانية',
  'المجلس البلدي يناقش خطة النقل',
  'مهرجان ثقافي في مدينة النموذج',
  'أسئلة وأجوبة حول البيانات المفتوحة',
  'الطقس في فصل الصيف',
];
/** Single code points, a flag (two regional indicators) and a ZWJ sequence: all must survive intact. */
const EMOJI = ['🚀', '📈', '🌍', '✨', '🎉', '☕', '🧪', '🇲🇦', '👩‍🔬', '📚'];
const INLINE_CODE = [
  'npm run build',
  'a < b && c > d',
  'feedwright build --now 2025-04-15T00:00:00Z',
  'x ?? y',
  '<br>',
];
const LINK_TARGETS = [
  'https://example.org/reports/2024?lang=fr&page=2',
  'https://synthetic.example/archive/',
  'https://example.com/café/menú',
  '../other/',
  '../archive/2024/',
  '/about',
  '/categories/culture/',
  '#section-2',
  '#méthodologie',
  'notes/',
];

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function englishSentence(random: Random): string {
  const subject = `the ${random.pick(EN_ADJECTIVES)} ${random.pick(EN_NOUNS)} of ${random.pick(PLACES)}`;
  const adjective = random.pick(EN_ADJECTIVES);
  const determiner = random.pick(['a', 'the', 'another']);
  const object = `${determiner === 'a' && /^[aeiou]/.test(adjective) ? 'an' : determiner} ${adjective} ${random.pick(EN_NOUNS)}`;
  return sentenceCase(`${subject} ${random.pick(EN_VERBS)} ${object} ${random.pick(EN_TAILS)}.`);
}

/** A sentence with inline Markdown: emphasis, code, a link, or an emoji. */
function richSentence(random: Random): string {
  const noun = random.pick(EN_NOUNS);
  const adjective = random.pick(EN_ADJECTIVES);
  switch (random.int(0, 6)) {
    case 0:
      return `The **${adjective}** ${noun} was *${random.pick(EN_ADJECTIVES)}*, at least on paper.`;
    case 1:
      return `Run \`${random.pick(INLINE_CODE)}\` to rebuild the ${noun} report.`;
    case 2:
      return `See [the ${adjective} ${noun}](${random.pick(LINK_TARGETS)}) for details.`;
    case 3:
      return `Organisers of the ${noun} said it was _${adjective}_ ${random.pick(EMOJI)}.`;
    case 4:
      return `Costs rose ${random.int(2, 40)}% & delays fell, so ${random.int(1, 9)} < ${random.int(10, 99)} held.`;
    case 5:
      return `“It’s ${adjective},” said a spokesperson for the ${noun}, “but it’s ours.”`;
    default:
      return `Read more in [${random.pick(PLACES)}](${random.pick(LINK_TARGETS)}) or [our notes](#notes).`;
  }
}

function sentence(random: Random): string {
  const roll = random.float();
  if (roll < 0.55) return englishSentence(random);
  if (roll < 0.8) return richSentence(random);
  if (roll < 0.9) return random.pick(FR_SENTENCES);
  return random.pick(ES_SENTENCES);
}

function generateTitle(random: Random): string {
  const adjective = random.pick(EN_ADJECTIVES);
  const noun = random.pick(EN_NOUNS);
  const place = random.pick(PLACES);
  let title: string;
  // Out of 20: plain English 8, quoted 2, French 2, Spanish 2, Arabic 2, mixed 2, then one each for
  // "&" and "<", which must stay rare enough that most titles exercise the plain path.
  switch (random.pick([7, 7, 7, 7, 7, 7, 7, 7, 1, 1, 3, 3, 4, 4, 5, 5, 6, 6, 0, 2])) {
    case 0: {
      const small = random.int(1, 9);
      title = `Q&A: why ${small} < ${small + random.int(1, 90)} matters for the ${noun}`;
      break;
    }
    case 1:
      title = `“${sentenceCase(adjective)} ${noun}” returns to ${place}`;
      break;
    case 2:
      title = `"${sentenceCase(noun)}" & the ${adjective} ${random.pick(EN_NOUNS)}: a synthetic review`;
      break;
    case 3:
      title = random.pick([
        `L’économie de ${place} en été : ${random.int(2, 30)} réunions préférées`,
        `Société : le ${noun === 'museum' ? 'musée' : 'comité'} de ${place} célèbre ses ${random.int(2, 90)} ans`,
        `Écoles et théâtres : ce qui change à ${place}`,
      ]);
      break;
    case 4:
      title = random.pick([
        `Año ${random.int(1990, 2024)}: la señal de ${place} y el niño del faro`,
        `¿Qué pasó con el mercado de ${place}?`,
        `Información útil: horarios del museo en ${place}`,
      ]);
      break;
    case 5:
      title = random.pick(AR_TITLES);
      break;
    case 6:
      title = `${sentenceCase(noun)} in ${place} — ${random.pick(AR_TITLES)}`;
      break;
    default:
      title = sentenceCase(`${adjective} ${noun} ${random.pick(EN_VERBS)} in ${place}`);
  }
  return random.chance(0.08) ? `${title} ${random.pick(EMOJI)}` : title;
}

function generateSummary(random: Random): string {
  const count = random.int(1, 2);
  return Array.from({ length: count }, () =>
    random.chance(0.8) ? englishSentence(random) : sentence(random),
  )
    .join(' ')
    .replace(/[*_`[\]()]/g, '');
}

// ---------------------------------------------------------------------------
// Body

/**
 * Target body size: log-normal around 2 KB (median) with a tail towards
 * 8 KB, like a real mix of briefs and long reads. The mean lands near 2.5 KB.
 */
function bodyTarget(random: Random): number {
  const bytes = Math.exp(Math.log(2000) + 0.6 * random.normal());
  return Math.min(MAX_BODY_BYTES, Math.max(MIN_BODY_BYTES, Math.round(bytes)));
}

function generateBody(random: Random): string {
  const target = bodyTarget(random);
  const blocks = [paragraph(random, 2, 4)];
  let bytes = byteLength(blocks[0] ?? '') + 1;
  let hasTable = false;
  while (bytes < target) {
    const kind = random.pick(BLOCK_KINDS);
    if (kind === 'table' && hasTable) continue;
    hasTable ||= kind === 'table';
    const block = BLOCKS[kind](random);
    const size = byteLength(block) + 2;
    if (bytes + size > MAX_BODY_BYTES) break;
    blocks.push(block);
    bytes += size;
  }
  return `${blocks.join('\n\n')}\n`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function paragraph(random: Random, min: number, max: number): string {
  return Array.from({ length: random.int(min, max) }, () => sentence(random)).join(' ');
}

function heading(random: Random): string {
  const level = random.chance(0.75) ? '##' : '###';
  const text = random.pick([
    `${sentenceCase(random.pick(EN_NOUNS))} and ${random.pick(EN_NOUNS)}`,
    'What happens next',
    'Méthodologie',
    'Contexto',
    'السياق',
    `Why the ${random.pick(EN_NOUNS)} matters`,
    'Notes',
  ]);
  return `${level} ${text}\n\n${paragraph(random, 1, 4)}`;
}

function bulletList(random: Random): string {
  const marker = random.pick(['-', '*']);
  return Array.from({ length: random.int(2, 6) }, () =>
    random.chance(0.6) ? `${marker} ${richSentence(random)}` : `${marker} ${englishSentence(random)}`,
  ).join('\n');
}

function numberedList(random: Random): string {
  return Array.from({ length: random.int(2, 5) }, (_, i) => `${i + 1}. ${sentence(random)}`).join('\n');
}

function blockquote(random: Random): string {
  const lines = Array.from({ length: random.int(1, 3) }, () => `> ${sentence(random)}`);
  if (random.chance(0.3)) lines.push('>', `> — ${random.pick(AUTHORS).name}`);
  return lines.join('\n');
}

function codeBlock(random: Random): string {
  const n = random.int(1, 500);
  return random.pick([
    `\`\`\`ts\nconst total = items.reduce((sum, item) => sum + item.count, 0);\nif (total < ${n} && items.length > 0) {\n  console.log(\`only \${total} items\`);\n}\n\`\`\``,
    `\`\`\`json\n{ "id": ${n}, "title": "Café & crème", "tags": ["synthetic", "test"] }\n\`\`\``,
    `\`\`\`sh\nnpx tsx scripts/generate-corpus.ts --count ${n} --out /tmp/corpus\n\`\`\``,
    `\`\`\`html\n<p class="note">Hello &amp; welcome to <em>${random.pick(PLACES)}</em></p>\n<script>alert("synthetic")</script>\n\`\`\``,
    `\`\`\`xml\n<item><title><![CDATA[ ${n} < ${n + 1} ]]></title></item>\n\`\`\``,
    `\`\`\`python\ndef mean(values):\n    return sum(values) / len(values)  # ${n} samples\n\`\`\``,
  ]);
}

function image(random: Random): string {
  const n = random.int(1, 999);
  const alt = random.pick([
    `Chart of the ${random.pick(EN_NOUNS)}`,
    'Vue du château en été',
    'صورة من المهرجان',
    `${random.pick(PLACES)} at dawn`,
  ]);
  const url = random.pick([
    `/images/chart-${n}.png`,
    `images/photo-${n}.jpg`,
    `../shared/figure-${n}.webp`,
    `https://cdn.synthetic.example/photos/${n}.webp "Photo ${n}"`,
  ]);
  return `![${alt}](${url})`;
}

function table(random: Random): string {
  const rows = Array.from({ length: random.int(2, 5) }, () => {
    const place = random.pick(PLACES);
    return `| ${place} | ${random.int(10, 999)} | ${(random.int(0, 1000) / 10).toFixed(1)} % |`;
  });
  return ['| Région | Visitors | Change |', '| --- | ---: | ---: |', ...rows].join('\n');
}

function arabicParagraph(random: Random): string {
  return Array.from({ length: random.int(1, 3) }, () => random.pick(AR_SENTENCES)).join(' ');
}

const BLOCKS = {
  paragraph: (random: Random) => paragraph(random, 2, 6),
  heading,
  bullets: bulletList,
  numbered: numberedList,
  quote: blockquote,
  code: codeBlock,
  image,
  table,
  arabic: arabicParagraph,
  rule: () => '---',
} satisfies Record<string, (random: Random) => string>;

/** Weights by repetition: prose dominates, as in real articles. */
const BLOCK_KINDS: ReadonlyArray<keyof typeof BLOCKS> = [
  ...Array<'paragraph'>(9).fill('paragraph'),
  ...Array<'heading'>(3).fill('heading'),
  'bullets',
  'bullets',
  'numbered',
  'quote',
  'quote',
  'code',
  'image',
  'arabic',
  'table',
  'rule',
];
