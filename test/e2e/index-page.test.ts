import { readFile as readFileCallback } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PageModel } from '../../functions/lib/feeds/page-model.js';
import { renderIndexPage } from '../../functions/lib/feeds/render-index.js';
import { renderOpml } from '../../functions/lib/feeds/render-opml.js';
import { launchChromium } from '../support/browser.js';
import { pageModel } from '../support/page-model.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
// Code that runs in the page is written as strings: the project's tsconfig has no DOM library, on purpose.
const IN_PAGE = {
  fontOfH1: "getComputedStyle(document.querySelector('h1')).fontFamily",
  anchorUrls: "[...document.querySelectorAll('a[href]')].map((a) => a.href)",
  alternates:
    "[...document.querySelectorAll('link[rel=alternate]')].map((l) => ({ type: l.getAttribute('type'), url: l.href }))",
  clipboardText: 'navigator.clipboard.readText()',
  mainCopyField: `(() => {
    const input = document.querySelector('.feed--main .copy-note input');
    return {
      value: input.value,
      readOnly: input.readOnly,
      focused: document.activeElement === input,
      selected: input.selectionStart === 0 && input.selectionEnd === input.value.length,
    };
  })()`,
  pageWidth: 'document.documentElement.scrollWidth',
} as const;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
};

interface StaticSite {
  dir: string;
  origin: string;
  /** Every feed file written, as URL paths ("/categories/%D8%B3…/rss.xml"). */
  feedFiles: string[];
  close(): Promise<void>;
}

/** The bucket as the CDN would serve it: index.html, feeds.opml and a placeholder at every feed path. */
async function serveSite(model: PageModel): Promise<StaticSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-index-'));
  await writeFile(path.join(dir, 'index.html'), renderIndexPage(model));
  await writeFile(path.join(dir, 'feeds.opml'), renderOpml(model));
  const feedPaths = model.feeds.flatMap((feed) => [feed.paths.rss, feed.paths.atom, feed.paths.json]);
  for (const feedPath of feedPaths) {
    await mkdir(path.dirname(path.join(dir, feedPath)), { recursive: true });
    await writeFile(path.join(dir, feedPath), `placeholder for ${feedPath}\n`);
  }
  const server = createServer((request, response) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = path.join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(dir + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    readFileCallback(file, (error, body) => {
      if (error) {
        response.writeHead(404).end();
        return;
      }
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    dir,
    origin,
    feedFiles: feedPaths.map((feedPath) => new URL(feedPath, `${origin}/`).pathname),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let site: StaticSite;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  site = await serveSite(pageModel());
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 60_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens index.html in a fresh context, recording console messages, page errors and every request. */
async function openIndex(options: BrowserContextOptions = {}, initScript?: string) {
  const context = await browser.newContext(options);
  contexts.push(context);
  // Fail in seconds, not after Playwright's 30 s default, when a button never appears.
  context.setDefaultTimeout(10_000);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => problems.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  const response = await page.goto(`${site.origin}/`, { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(200);
  return { context, page, problems, requests };
}

function absolute(feedPath: string): string {
  return new URL(feedPath, `${site.origin}/`).href;
}

describe('index.html in a real browser', { timeout: 60_000 }, () => {
  it('loads with no console message or page error, and asks nothing of any host but its own', async () => {
    const { page, problems, requests } = await openIndex({ viewport: { width: 1280, height: 900 } });
    await page.getByRole('button', { name: 'Copy the RSS URL of Test Site — security' }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'index-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    const offSite = requests.filter((url) => !url.startsWith(`${site.origin}/`) && !url.startsWith('data:'));
    expect(offSite).toEqual([]);
  });

  it('applies its inline style and runs its inline script under its own Content-Security-Policy', async () => {
    const { page } = await openIndex();
    expect(await page.evaluate<string>(IN_PAGE.fontOfH1)).toContain('Georgia');
    // The Copy buttons are hidden until the script shows them.
    expect(await page.locator('button[data-copy]:visible').count()).toBe(pageModel().feeds.length * 3);
  });

  it('links only to feed files that exist: every feed link and autodiscovery link answers 200', async () => {
    const { page } = await openIndex();
    const anchors = await page.evaluate<string[]>(IN_PAGE.anchorUrls);
    const alternates = await page.evaluate<Array<{ url: string }>>(IN_PAGE.alternates);
    const local = [...anchors, ...alternates.map(({ url }) => url)].filter((url) =>
      url.startsWith(`${site.origin}/`),
    );
    expect(local.length).toBeGreaterThan(site.feedFiles.length);
    for (const url of new Set(local)) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(200);
    }
  });

  it('announces exactly the feed files for autodiscovery', async () => {
    const { page } = await openIndex();
    const alternates = await page.evaluate<Array<{ type: string; url: string }>>(IN_PAGE.alternates);
    expect(alternates).toHaveLength(site.feedFiles.length);
    expect(new Set(alternates.map(({ url }) => new URL(url).pathname))).toEqual(new Set(site.feedFiles));
    expect(new Set(alternates.map(({ type }) => type))).toEqual(
      new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json']),
    );
  });

  it('copies the absolute URL of a feed to the clipboard and says so', async () => {
    const { context, page, problems } = await openIndex();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const button = page.getByRole('button', { name: 'Copy the Atom URL of Test Site — سياسة' });
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    expect(await page.evaluate<string>(IN_PAGE.clipboardText)).toBe(absolute('categories/سياسة/atom.xml'));
    expect(await page.getByRole('status').textContent()).toContain('Copied http://127.0.0.1');
    expect(problems).toEqual([]);
  });

  it('without any way to copy, selects the absolute URL in a read-only field and says how to copy it', async () => {
    const removeCopying = [
      "Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });",
      'Document.prototype.execCommand = () => false;',
    ].join('\n');
    const { page, problems } = await openIndex({}, removeCopying);
    await page.getByRole('button', { name: 'Copy the JSON Feed URL of Test Site', exact: true }).click();
    await expect.poll(() => page.locator('.feed--main .copy-note').textContent()).toContain('Copy this URL');
    await expect(page.getByRole('textbox', { name: 'Feed URL' }).inputValue()).resolves.toBe(
      absolute('feed.json'),
    );
    expect(await page.evaluate(IN_PAGE.mainCopyField)).toEqual({
      value: absolute('feed.json'),
      readOnly: true,
      focused: true,
      selected: true,
    });
    expect(problems).toEqual([]);
  });

  it('fits a 375-pixel-wide phone screen without sideways scrolling', async () => {
    const { page, problems } = await openIndex({ viewport: { width: 375, height: 800 }, isMobile: true });
    expect(await page.evaluate<number>(IN_PAGE.pageWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(ARTIFACTS, 'index-page-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
