import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PreviewServer, startPreviewServer } from '../../functions/lib/preview.js';
import { writeCollection } from '../../scripts/corpus.js';
import { launchChromium } from '../support/browser.js';
import { buildContent } from '../support/build-content.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
let browser: Browser;
let server: PreviewServer;
let publicFeedFiles: string[];

beforeAll(async () => {
  // The stored collection plus generated articles, with a partner feed that must stay off the page.
  const content = await mkdtemp(path.join(tmpdir(), 'feedwright-site-'));
  await writeCollection(content, { count: 40, seed: 3 });
  const { appendFile } = await import('node:fs/promises');
  await appendFile(path.join(content, 'site.yml'), '\npartners:\n  - name: Hidden Partner\n');
  const built = await buildContent(content, '2025-06-01T00:00:00Z');
  const files = (await readdir(built.dir, { recursive: true })).map((f) => f.split(path.sep).join('/'));
  publicFeedFiles = files
    .filter((f) => /(rss\.xml|atom\.xml|feed\.json)$/.test(f) && !f.startsWith('partners/'))
    .sort();
  expect(files.some((f) => f.startsWith('partners/hidden-partner/'))).toBe(true);
  server = await startPreviewServer({ dir: built.dir, port: 0 });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('index.html as built and served by feedwright preview, in headless Chromium', () => {
  it('loads without console errors, links only to files that exist, and announces exactly the public feeds', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const hosts = new Set<string>();
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    await page.goto(server.url, { waitUntil: 'load' });

    const origin = new URL(server.url).origin;
    const hrefs: string[] = await page.evaluate(
      "[...document.querySelectorAll('a[href]')].map((a) => a.href)",
    );
    const local = [...new Set(hrefs.filter((h) => h.startsWith(origin)))];
    expect(local.length).toBeGreaterThan(publicFeedFiles.length);
    for (const href of local) expect((await page.request.get(href)).status(), href).toBe(200);

    const alternates: string[] = await page.evaluate(
      "[...document.querySelectorAll('link[rel=alternate]')].map((l) => decodeURI(new URL(l.href).pathname.slice(1)))",
    );
    expect(alternates.sort()).toEqual(publicFeedFiles);
    expect(alternates.some((a) => a.startsWith('partners/'))).toBe(false);

    await page.screenshot({ path: path.join(ARTIFACTS, 'index-page-built.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect([...hosts]).toEqual([new URL(server.url).host]);
    await page.close();
  });
});
