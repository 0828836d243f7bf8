import { stringify } from 'yaml';
import type { Article } from '../../functions/lib/articles/article.js';
import { type Config, parseSiteConfig } from '../../functions/lib/config.js';
import { publishFeeds, type RunSummary } from '../../functions/lib/pipeline.js';
import { createMemorySource } from '../../functions/lib/sources/memory.js';
import { createMemoryTarget, type MemoryTarget } from '../../functions/lib/targets/memory.js';

export const SITE_YAML = `
title: Test Site
description: Articles for tests.
home_url: https://site.test/
feeds_url: https://feeds.site.test/
language: en
author:
  name: Test Desk
time_zone: UTC
item_limit: 50
publish_interval_minutes: 15
id_authority: site.test,2025
`;

/** A fresh config per call; `extra` is YAML appended to the base site. */
export function testConfig(extra = ''): Config {
  return parseSiteConfig(`${SITE_YAML}\n${extra}`, 'test/site.yml');
}

/** An article file: front matter from `fields` (YAML-serialised), then the body. */
export function articleText(fields: Record<string, unknown>, body = 'Body text.\n'): string {
  // No line folding: the yaml package can fold a long quoted string between the halves of a surrogate pair.
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n${body}`;
}

/** A valid Article value for unit tests of pure logic; override what the test is about. */
export function articleValue(overrides: Partial<Article> = {}): Article {
  return {
    file: 'memory:a.md',
    id: 'tag:site.test,2025:a',
    slug: 'a',
    title: 'A',
    date: new Date('2025-04-14T11:00:00Z'),
    authors: [{ name: 'Test Desk' }],
    categories: [],
    tags: [],
    draft: false,
    link: 'https://site.test/a/',
    key: 'a.md',
    images: overrides.image ? [overrides.image] : [],
    language: 'en',
    corrections: [],
    translations: [],
    ...overrides,
  };
}

/** Runs the whole pipeline in memory. */
export async function runInMemory(
  files: Record<string, string | Uint8Array>,
  options: { now?: Date; config?: Config; target?: MemoryTarget } = {},
): Promise<{ summary: RunSummary; target: MemoryTarget; body: (path: string) => string }> {
  const target = options.target ?? createMemoryTarget();
  const summary = await publishFeeds(
    {
      source: createMemorySource(files),
      target,
      now: () => options.now ?? new Date('2026-01-01T00:00:00Z'),
    },
    options.config ?? testConfig(),
  );
  const body = (path: string) => {
    const object = target.objects.get(path);
    if (!object) throw new Error(`nothing published at ${path}`);
    return object.body;
  };
  return { summary, target, body };
}
