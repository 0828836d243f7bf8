import type { PageModel, PublicFeedEntry } from '../../functions/lib/feeds/page-model.js';

const FEEDS_URL = 'https://feeds.site.test/';

/** A public feed under `dir` ('' for the root), with paths and URLs derived the way the pipeline derives them. */
export function feedEntry(
  fields: Pick<PublicFeedEntry, 'key' | 'kind' | 'title'> & Partial<PublicFeedEntry> & { dir: string },
): PublicFeedEntry {
  const { dir, ...rest } = fields;
  const paths = { rss: `${dir}rss.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json` };
  return {
    description: `${fields.title}: every story.`,
    items: 3,
    updated: new Date('2025-04-14T11:00:00Z'),
    paths,
    urls: { rss: FEEDS_URL + paths.rss, atom: FEEDS_URL + paths.atom, json: FEEDS_URL + paths.json },
    ...rest,
  };
}

/**
 * A fresh page model per call, in model order: the main feed, two categories
 * (one whose title carries markup characters, one Arabic), one tag, one
 * author; three latest stories. `overrides` replaces top-level parts.
 */
export function pageModel(overrides: Partial<PageModel> = {}): PageModel {
  return {
    site: {
      title: 'Test Site',
      description: 'News from Rabat & beyond.',
      language: 'en',
      homeUrl: 'https://site.test/',
      feedsUrl: FEEDS_URL,
    },
    feeds: [
      feedEntry({
        key: 'main',
        kind: 'main',
        title: 'Test Site',
        dir: '',
        items: 12,
        updated: new Date('2025-04-15T08:30:00Z'),
      }),
      feedEntry({
        key: 'category:b',
        kind: 'category',
        title: 'Test Site — <b>Bold</b> & "Quoted"',
        description: 'Tags like <script>alert(1)</script> stay text.',
        dir: 'categories/b/',
      }),
      feedEntry({
        key: 'category:سياسة',
        kind: 'category',
        title: 'Test Site — سياسة',
        description: 'أخبار السياسة',
        dir: 'categories/سياسة/',
        items: 1,
        updated: new Date('2025-04-13T22:05:00Z'),
      }),
      feedEntry({ key: 'tag:security', kind: 'tag', title: 'Test Site — security', dir: 'tags/security/' }),
      feedEntry({
        key: 'author:amina-el-idrissi',
        kind: 'author',
        title: 'Test Site — Amina El Idrissi',
        dir: 'authors/amina-el-idrissi/',
      }),
    ],
    latest: [
      {
        title: 'Talks <b>in</b> Rabat & "Paris"',
        link: 'https://site.test/rabat-talks/',
        date: new Date('2025-04-15T08:30:00Z'),
        summary: 'Ministers <met> & talked.',
        language: 'en',
      },
      {
        title: 'وزير الداخلية يستقبل نظيره الفرنسي',
        link: 'https://site.test/وزير/',
        date: new Date('2025-04-13T22:05:00Z'),
        summary: 'استقبل وزير الداخلية نظيره الفرنسي في الرباط.',
        language: 'ar',
      },
      {
        title: 'A quiet day',
        link: 'https://site.test/quiet/',
        date: new Date('2025-04-12T06:00:00Z'),
        summary: '',
        language: 'en',
      },
    ],
    ...overrides,
  };
}
