import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { loadArticles } from '../../functions/lib/pipeline.js';
import { createFsSource } from '../../functions/lib/sources/fs.js';

// A copy of the newsroom's seed text (shared/seed-article.txt): tests never read outside the repository.
const SEED = new URL('../fixtures/seed-article.txt', import.meta.url);

describe('the stored collection in content/', () => {
  it('has a valid site.yml and no article with errors or warnings', async () => {
    const config = parseSiteConfig(await readFile('content/site.yml', 'utf8'), 'content/site.yml');
    const collection = await loadArticles(createFsSource({ dir: 'content/articles' }), config);
    expect(collection.skipped).toEqual([]);
    expect(collection.warnings).toEqual([]);
    expect(collection.articles.length).toBe(collection.found);
  });

  it('holds the Rabat article word for word: title and every paragraph of the seed text', async () => {
    const seed = (await readFile(SEED, 'utf8')).split('\n');
    const [title, ...rest] = seed;
    const paragraphs = rest
      .join('\n')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    const config = parseSiteConfig(await readFile('content/site.yml', 'utf8'), 'content/site.yml');
    const { articles, bodies } = await loadArticles(createFsSource({ dir: 'content/articles' }), config);
    const rabat = articles.find((a) => a.title === title?.trim());
    expect(rabat, 'no article with the seed title').toBeDefined();
    const body = bodies.get(rabat?.key ?? '') ?? '';
    expect(
      body
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean),
    ).toEqual(paragraphs);
    expect(paragraphs.length).toBe(10);
    // Monday 14 April 2025 in Rabat, Morocco's offset +01:00.
    expect(rabat?.date.toISOString()).toBe('2025-04-14T11:00:00.000Z');
    expect(body.startsWith('Rabat – ')).toBe(true);
    expect(rabat?.categories).toEqual(['Politics']);
    expect(rabat?.tags).toEqual(['Morocco', 'France', 'security', 'migration']);
  });
});
