import { createHash } from 'node:crypto';
import { toRfc3339 } from '../articles/dates.js';
import { escapeHtml } from '../articles/text.js';
import type { LatestItem, PageModel, PublicFeedEntry } from './page-model.js';

const FORMATS = [
  { key: 'rss', label: 'RSS', type: 'application/rss+xml' },
  { key: 'atom', label: 'Atom', type: 'application/atom+xml' },
  { key: 'json', label: 'JSON Feed', type: 'application/feed+json' },
] as const;

const GROUPS = [
  { kind: 'main', id: 'all-stories', heading: 'All stories' },
  { kind: 'category', id: 'categories', heading: 'Categories' },
  { kind: 'tag', id: 'tags', heading: 'Tags' },
  { kind: 'author', id: 'authors', heading: 'Authors' },
  { kind: 'language', id: 'languages', heading: 'Languages' },
] as const;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The people-facing `index.html` at the root of the feeds bucket: every
 * public feed with its RSS, Atom and JSON Feed links (relative, so the page
 * works in a local preview and on the CDN), autodiscovery `<link>`s, "Copy
 * URL" buttons, and the latest stories. Self-contained: inline CSS and JS
 * only, pinned by a Content-Security-Policy that names their hashes, so the
 * page loads nothing from any host. Same model, same bytes.
 *
 * @example
 *   const html = renderIndexPage(model);
 *   // '<!doctype html>\n<html lang="en" dir="ltr">…<link rel="alternate" type="application/rss+xml" … href="rss.xml">…'
 */
export function renderIndexPage(model: PageModel): string {
  const { site } = model;
  const content = contentAttributes(site.language);
  const zone = site.timeZone ?? 'UTC';
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(STYLE)}'`,
    `script-src '${sha256(SCRIPT)}'`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(`${site.title} — feeds`)}</title>
<meta name="description" content="${escapeHtml(site.description)}">
<link rel="icon" href="${FAVICON}">
${model.feeds.map(autodiscoveryLinks).join('\n')}
<style>${STYLE}</style>
</head>
<body>
<div class="page">
<header class="masthead">
<p class="kicker">Feeds</p>
<h1${content}>${escapeHtml(site.title)}</h1>
<p class="lede"${content}>${escapeHtml(site.description)}</p>
<p class="intro">Follow us in any feed reader: copy a feed’s URL and paste it into your reader, or <a href="feeds.opml" type="text/x-opml" download>download every feed as OPML</a> to import them all at once. <a href="${escapeHtml(site.homeUrl)}">Go to the site&nbsp;→</a></p>
</header>
<div class="layout">
<main class="directory">
${GROUPS.map((group) => feedGroup(group, model.feeds, content, zone)).join('')}</main>
${latestSection(model.latest, site.language, zone)}</div>
<footer class="colophon">
<p>Each feed comes in three formats with the same stories: RSS 2.0, Atom 1.0 and JSON Feed 1.1. Pick whichever your reader supports.</p>
</footer>
</div>
<p id="copy-status" class="visually-hidden" role="status" aria-live="polite"></p>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function autodiscoveryLinks(feed: PublicFeedEntry): string {
  return FORMATS.map(
    (format) =>
      `<link rel="alternate" type="${format.type}" title="${escapeHtml(`${feed.title} (${format.label})`)}" href="${escapeHtml(feed.paths[format.key])}">`,
  ).join('\n');
}

function feedGroup(
  group: (typeof GROUPS)[number],
  feeds: readonly PublicFeedEntry[],
  content: string,
  zone: string,
): string {
  const members = feeds.filter((feed) => feed.kind === group.kind);
  if (members.length === 0) return '';
  return `<section class="group group--${group.kind}" aria-labelledby="${group.id}">
<h2 id="${group.id}">${group.heading}</h2>
<ul class="feeds">
${members.map((feed) => feedCard(feed, content, zone)).join('\n')}
</ul>
</section>
`;
}

function feedCard(feed: PublicFeedEntry, content: string, zone: string): string {
  const title = escapeHtml(feed.title);
  const formats = FORMATS.map((format) => {
    const href = escapeHtml(feed.paths[format.key]);
    return `<li class="format"><a href="${href}" type="${format.type}" aria-label="${title}: ${format.label}">${format.label}</a><button type="button" class="copy" data-copy="${href}" aria-label="Copy the ${format.label} URL of ${title}" hidden>Copy URL</button></li>`;
  }).join('');
  return `<li class="feed feed--${feed.kind}">
<h3${content}>${title}</h3>
${feed.description ? `<p class="description"${content}>${escapeHtml(feed.description)}</p>\n` : ''}<p class="meta">${itemCount(feed.items)} · Updated ${timeElement(feed.updated, zone)}</p>
<ul class="formats">${formats}</ul>
<div class="copy-note"></div>
</li>`;
}

/** Each story in its own language: `lang` and `dir="auto"`, so Arabic reads right to left among English. */
function latestSection(latest: readonly LatestItem[], language: string, zone: string): string {
  const content = contentAttributes(language);
  if (latest.length === 0) return '';
  return `<aside class="latest" aria-labelledby="latest">
<h2 id="latest">Latest</h2>
<ol class="stories">
${latest.map((item) => latestItem(item, item.language === language ? content : contentAttributes(item.language), zone)).join('\n')}
</ol>
</aside>
`;
}

function latestItem(item: LatestItem, content: string, zone: string): string {
  return `<li class="story">
<a class="story-title" href="${escapeHtml(item.link)}"${content}>${escapeHtml(item.title)}</a>
${timeElement(item.date, zone)}
${item.summary ? `<p${content}>${escapeHtml(item.summary)}</p>\n` : ''}</li>`;
}

function itemCount(items: number): string {
  return `${items} ${items === 1 ? 'item' : 'items'}`;
}

/**
 * The instant for machines, and for people a reading in the site's time
 * zone (site.yml `time_zone`) with its offset, in words that do not depend
 * on the renderer's locale: `14 April 2025, 12:00 GMT+1`; in UTC,
 * `14 April 2025, 11:00 UTC`.
 */
function timeElement(date: Date, zone: string): string {
  return `<time datetime="${toRfc3339(date)}">${humanTime(date, zone)}</time>`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function humanTime(date: Date, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') {
    const hours = String(date.getUTCHours()).padStart(2, '0');
    const minutes = String(date.getUTCMinutes()).padStart(2, '0');
    return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${hours}:${minutes} UTC`;
  }
  let format = zoneFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    zoneFormats.set(zone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    format.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  const month = MONTHS[Number(part('month')) - 1] ?? part('month');
  return `${Number(part('day'))} ${month} ${part('year')}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/**
 * Attributes for text that comes from the site. The page's own words are
 * English, so the document is `lang="en"` left to right; the site's text
 * carries its own language (when not English), and `dir="auto"` lets the
 * browser set each text's direction from its first strong character, so an
 * Arabic title reads right to left even on an English site.
 */
function contentAttributes(language: string): string {
  const isEnglish = language === '' || language.toLowerCase().split('-')[0] === 'en';
  return isEnglish ? ' dir="auto"' : ` lang="${escapeHtml(language)}" dir="auto"`;
}

/** A CSP source expression for inline content: the browser runs or applies only the bytes we hashed. */
function sha256(content: string): string {
  return `sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}`;
}

// An inline icon, so the browser does not ask the bucket for a /favicon.ico that is not there.
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='#c2410c'/><circle cx='4.5' cy='11.5' r='1.6' fill='#fff'/><path d='M3 7a6 6 0 0 1 6 6M3 3.5a9.5 9.5 0 0 1 9.5 9.5' stroke='#fff' stroke-width='1.8' fill='none'/></svg>",
)}`;

const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #faf9f6; --fg: #1a1a1a; --muted: #5c5c5c; --rule: #dedad2; --card: #ffffff;
  --chip: #f2efe9; --chip-hover: #e7e2d8; --accent: #c2410c; --link: #0b57d0; --ok: #1e7b34;
  --serif: Georgia, "Times New Roman", "DejaVu Serif", "Noto Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #141414; --fg: #ececec; --muted: #a3a3a3; --rule: #333333; --card: #1c1c1c;
    --chip: #262626; --chip-hover: #333333; --accent: #fb923c; --link: #8ab4f8; --ok: #6fd08c;
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 var(--sans); overflow-wrap: anywhere; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.page { max-width: 72rem; margin: 0 auto; padding: 0 1rem 2rem; }
.masthead { padding: 2rem 0 1.25rem; border-bottom: 4px double var(--fg); }
.kicker { margin: 0; color: var(--accent); font-size: 0.8rem; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; }
h1 { margin: 0.25rem 0 0.5rem; font: 700 clamp(2rem, 6vw, 3rem)/1.1 var(--serif); letter-spacing: -0.01em; }
.lede { margin: 0 0 0.75rem; font: 1.2rem/1.45 var(--serif); color: var(--fg); }
.intro { margin: 0; max-width: 46rem; color: var(--muted); font-size: 0.95rem; }
.layout { display: grid; gap: 2.5rem; margin-top: 2rem; }
@media (min-width: 60rem) { .layout { grid-template-columns: minmax(0, 1fr) 20rem; gap: 3rem; } }
h2 { margin: 0 0 1rem; padding-top: 0.5rem; border-top: 1px solid var(--fg); font-size: 0.8rem; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; }
.group + .group { margin-top: 2.25rem; }
.feeds { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
@media (min-width: 40rem) { .feeds { grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); } }
.feed { display: flex; flex-direction: column; min-width: 0; padding: 1rem; background: var(--card); border: 1px solid var(--rule); border-radius: 0.5rem; }
.feed h3 { margin: 0 0 0.25rem; font: 700 1.15rem/1.3 var(--serif); }
.feed--main { border-inline-start: 4px solid var(--accent); }
.group--main .feeds { grid-template-columns: minmax(0, 1fr); }
.feed--main h3 { font-size: 1.5rem; }
.description { margin: 0 0 0.5rem; font-size: 0.95rem; }
.meta { margin: 0 0 0.75rem; color: var(--muted); font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.formats { list-style: none; margin: auto 0 0; padding: 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.5rem; }
.format { display: flex; flex-direction: column; min-width: 0; border: 1px solid var(--rule); border-radius: 0.5rem; overflow: hidden; font-size: 0.875rem; text-align: center; }
.format a { flex: 1 0 auto; display: flex; align-items: center; justify-content: center; min-height: 2.5rem; padding: 0 0.25rem; font-weight: 600; text-decoration: none; }
.format a:hover { text-decoration: underline; }
.copy { min-height: 2.25rem; padding: 0 0.5rem; border: 0; border-top: 1px solid var(--rule); background: var(--chip); color: var(--fg); font: inherit; font-size: 0.8rem; cursor: pointer; }
.copy:hover { background: var(--chip-hover); }
.copy.is-done { color: var(--ok); font-weight: 600; }
.copy-note:empty { display: none; }
.copy-note { margin-top: 0.75rem; font-size: 0.85rem; color: var(--muted); }
.copy-note input { display: block; width: 100%; margin-top: 0.35rem; padding: 0.45rem 0.6rem; border: 1px solid var(--rule); border-radius: 0.35rem; background: var(--bg); color: var(--fg); font: 0.85rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.stories { list-style: none; margin: 0; padding: 0; }
.story { padding: 0.85rem 0; border-bottom: 1px solid var(--rule); }
.story:first-child { padding-top: 0; }
.story-title { display: block; color: var(--fg); font: 700 1.05rem/1.3 var(--serif); text-decoration: none; }
.story-title:hover { color: var(--link); text-decoration: underline; }
.story time { display: block; margin-top: 0.2rem; color: var(--muted); font-size: 0.8rem; }
.story p { margin: 0.35rem 0 0; font-size: 0.9rem; color: var(--muted); }
.colophon { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

// Plain ES2017 with every step guarded: a browser without the Clipboard API (or one that refuses it)
// gets the URL selected in a read-only field instead, and nothing here may throw.
const SCRIPT = `
(function () {
  'use strict';
  var status = document.getElementById('copy-status');
  var timers = new WeakMap();

  function announce(text) {
    if (status) status.textContent = text;
  }

  function noteFor(button) {
    var card = button.closest('.feed');
    return card ? card.querySelector('.copy-note') : null;
  }

  function showCopied(button, url) {
    button.textContent = 'Copied';
    button.classList.add('is-done');
    announce('Copied ' + url);
    clearTimeout(timers.get(button));
    timers.set(button, setTimeout(function () {
      button.textContent = 'Copy URL';
      button.classList.remove('is-done');
    }, 2500));
  }

  function offerToSelect(button, url) {
    var note = noteFor(button);
    if (!note) return;
    var message = document.createElement('span');
    var field = document.createElement('input');
    field.type = 'text';
    field.readOnly = true;
    field.dir = 'ltr';
    field.value = url;
    field.setAttribute('aria-label', 'Feed URL');
    note.textContent = '';
    note.appendChild(message);
    note.appendChild(field);
    field.focus();
    field.select();
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (error) {
      copied = false;
    }
    if (copied) {
      message.textContent = 'Copied:';
      showCopied(button, url);
    } else {
      message.textContent = 'Copy this URL (Ctrl+C, or \\u2318C on a Mac):';
      announce('The feed URL is selected; copy it with Ctrl+C or \\u2318C.');
    }
  }

  function copy(button) {
    var url;
    try {
      url = new URL(button.getAttribute('data-copy') || '', location.href).href;
    } catch (error) {
      return;
    }
    var clipboard = navigator.clipboard;
    if (!window.isSecureContext || !clipboard || typeof clipboard.writeText !== 'function') {
      offerToSelect(button, url);
      return;
    }
    try {
      clipboard.writeText(url).then(
        function () {
          var note = noteFor(button);
          if (note) note.textContent = '';
          showCopied(button, url);
        },
        function () { offerToSelect(button, url); }
      );
    } catch (error) {
      offerToSelect(button, url);
    }
  }

  var buttons = document.querySelectorAll('button[data-copy]');
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.hidden = false;
    button.addEventListener('click', function (event) {
      copy(event.currentTarget);
    });
  }
})();
`;
