#!/usr/bin/env node
// Copied from ../shared/bench/gen-corpus.mjs (feedwright benchmark yardsticks) so the repository
// runs the Hugo comparison on its own; keep the generation logic identical (same N and seed, same bytes).
// Deterministic synthetic article corpus for feed-generator benchmarks.
//   node gen-corpus.mjs OUTDIR N [--seed S]
// Writes OUTDIR/<slug>.md, each with YAML front matter (title, date, author,
// categories, summary) and a ~600-1200 word Markdown body.
// Same N and seed -> byte-identical files. No dependencies.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let seed = 1;
const pos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed') seed = Number(args[++i]);
  else pos.push(args[i]);
}
if (pos.length !== 2 || !Number.isInteger(Number(pos[1])) || !Number.isFinite(seed)) {
  console.error('usage: node gen-corpus.mjs OUTDIR N [--seed S]');
  process.exit(2);
}
const [outDir, nStr] = pos;
const N = Number(nStr);

// mulberry32: tiny, fast, fully deterministic 32-bit PRNG.
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32((seed * 2654435761) >>> 0);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const chance = (p) => rnd() < p;

const WORDS = (
  'the a of to and in that is for it on with as was be by this are from at or an have not they which ' +
  'system data feed server cloud function request response queue storage bucket object stream event ' +
  'article reader author editor content publish schedule build deploy pipeline cache latency throughput ' +
  'memory runtime module package library template render parse format encode decode index archive ' +
  'category summary title date update version release change review test benchmark measure metric ' +
  'simple small large fast slow careful practical modern robust quiet steady reliable useful clear ' +
  'team project product user customer network region zone account policy role permission token secret ' +
  'design pattern approach method process practice problem solution question answer example detail ' +
  'write read store load send receive handle create delete move copy sort filter group merge split ' +
  'first second next last early later often rarely always never usually sometimes quickly slowly ' +
  'markdown front matter header footer link image list table paragraph section heading sentence word ' +
  'language compiler interpreter script command terminal shell process thread worker task job cron ' +
  'because although while when where after before during until since unless whether however therefore ' +
  'we you our their your its his her them us people developers engineers readers writers teams ' +
  'make take give keep find show know think see use need want try call work run start stop grow ' +
  'morning evening week month year decade history future present moment hour minute second day'
).split(/\s+/);
const FRENCH = [
  'déjà vu',
  'café',
  'naïve',
  'résumé',
  'façade',
  'crème brûlée',
  'à la carte',
  'élégant',
  'première',
  'garçon',
  'être',
  'où',
  'fenêtre',
  'hôtel',
  'Noël',
  'coût',
];
const ARABIC = ['مرحبا', 'سلام', 'كتاب', 'شكرا', 'مدينة', 'قلم', 'بيت', 'صباح الخير'];
const EMOJI = ['🚀', '✨', '📦', '🎉', '🔥', '💡', '🐛', '⚡', '📈', '🌍'];
const CATEGORIES = [
  'javascript',
  'typescript',
  'nodejs',
  'aws',
  'serverless',
  'devops',
  'databases',
  'security',
  'performance',
  'testing',
  'frontend',
  'backend',
  'design',
  'career',
  'open-source',
  'tutorials',
  'news',
  'opinion',
  'data-science',
  'machine-learning',
];
const FIRST = [
  'Alice',
  'Bruno',
  'Chloé',
  'David',
  'Élodie',
  'Farid',
  'Grace',
  'Hugo',
  'Inès',
  'Jamal',
  'Karen',
  'Léa',
  'Mohammed',
  'Nadia',
  'Omar',
  'Priya',
  'Quentin',
  'Rania',
  'Sami',
  'Théo',
  'Uma',
  'Victor',
  'Wei',
  'Yasmine',
  'Zoé',
];
const LAST = [
  'Martin',
  'Lefèvre',
  'Haddad',
  'Nguyen',
  'Smith',
  'García',
  'Benali',
  'Dubois',
  'Kowalski',
  'Okafor',
];
// Pool of 50 authors, chosen deterministically from the name lists.
const AUTHORS = Array.from(
  { length: 50 },
  (_, i) => `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`,
);
const TITLE_WORDS = [
  'Building',
  'Scaling',
  'Debugging',
  'Understanding',
  'Shipping',
  'Testing',
  'Measuring',
  'Caching',
  'Rethinking',
  'Designing',
  'Migrating',
  'Securing',
  'Profiling',
  'Automating',
  'Simplifying',
];
const TITLE_OBJ = [
  'serverless feeds',
  'a static site',
  'the build pipeline',
  'Markdown parsers',
  'S3 uploads',
  'cold starts',
  'RSS readers',
  'Atom and JSON Feed',
  'front matter',
  'category pages',
  'the cron job',
  'TypeScript types',
  'Node streams',
  'large archives',
  'memory limits',
  'a café-sized team',
  'edge caches',
];
const TITLE_TAIL = [
  '',
  '',
  ' in practice',
  ' without tears',
  ': lessons learned',
  ' at scale',
  ' the hard way',
  ', step by step',
  ' for beginners',
  ' in 2024',
  ' — a retrospective',
  ' 🚀',
  ' (part 2)',
  ': déjà vu',
];

function words(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick(WORDS));
  return out;
}
function sentence(decorate = true) {
  const w = words(int(8, 22));
  // decorations applied to single words
  for (let i = 1; decorate && i < w.length; i++) {
    const r = rnd();
    if (r < 0.025) w[i] = `*${w[i]}*`;
    else if (r < 0.04) w[i] = `**${w[i]}**`;
    else if (r < 0.05) w[i] = '`' + w[i] + '()`';
    else if (r < 0.058) w[i] = `[${w[i]} ${pick(WORDS)}](https://example.com/${pick(WORDS)}/${int(1, 9999)})`;
    else if (r < 0.062) w[i] = pick(FRENCH);
    else if (r < 0.0645) w[i] = pick(ARABIC);
    else if (r < 0.0665) w[i] = pick(EMOJI);
  }
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return w.join(' ') + (chance(0.1) ? '?' : chance(0.05) ? '!' : '.');
}
function paragraph() {
  const s = [];
  for (let i = int(3, 7); i > 0; i--) s.push(sentence());
  return s.join(' ');
}
const countWords = (s) => s.split(/\s+/).filter(Boolean).length;
function body() {
  const target = int(600, 1200);
  const blocks = [];
  let n = 0;
  const listAt = int(1, 4);
  const headingAt = chance(0.4) ? int(2, 5) : -1;
  const imageAt = chance(0.3) ? int(1, 6) : -1;
  for (let b = 0; n < target; b++) {
    if (b === headingAt) {
      const h = `## ${pick(TITLE_WORDS)} ${words(int(2, 4)).join(' ')}`;
      blocks.push(h);
      n += countWords(h);
    }
    if (b === imageAt) {
      blocks.push(`![${words(3).join(' ')}](/images/${pick(WORDS)}-${int(1, 500)}.png)`);
      n += 3;
    }
    if (b === listAt) {
      const items = [];
      for (let i = int(3, 6); i > 0; i--) {
        const it = `- ${sentence()}`;
        items.push(it);
        n += countWords(it);
      }
      blocks.push(items.join('\n'));
    }
    const p = paragraph();
    blocks.push(p);
    n += countWords(p);
  }
  return blocks.join('\n\n') + '\n';
}
function slugify(s) {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
const q = (s) => JSON.stringify(s); // JSON strings are valid YAML double-quoted scalars

const START = Date.UTC(2020, 0, 1);
const SPAN = Date.UTC(2024, 11, 31) - START; // ~5 years
fs.mkdirSync(outDir, { recursive: true });
const width = String(N).length;
for (let i = 1; i <= N; i++) {
  const title = `${pick(TITLE_WORDS)} ${pick(TITLE_OBJ)}${pick(TITLE_TAIL)}`;
  const date = new Date(START + Math.floor((rnd() * SPAN) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const author = pick(AUTHORS);
  const cats = new Set();
  for (let k = int(1, 3); k > 0; k--) cats.add(pick(CATEGORIES));
  const summary = `${sentence(false)} ${sentence(false)}`;
  const slug = `${slugify(title)}-${String(i).padStart(width, '0')}`;
  const fm = [
    '---',
    `title: ${q(title)}`,
    `date: ${date}`,
    `author: ${q(author)}`,
    `categories: [${[...cats].join(', ')}]`,
    `summary: ${q(summary)}`,
    '---',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(outDir, `${slug}.md`), fm + body());
}
console.error(`wrote ${N} articles to ${outDir} (seed ${seed})`);
