import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../functions/lib/config.js';
import { SITE_YAML } from '../support/fixtures.js';

describe('parseSiteConfig', () => {
  it('turns site.yml into a typed config with defaults', () => {
    const config = parseSiteConfig(SITE_YAML.replace('item_limit: 50\n', ''), 'site.yml');
    expect(config).toMatchObject({
      title: 'Test Site',
      homeUrl: 'https://site.test/',
      feedsUrl: 'https://feeds.site.test/',
      itemLimit: 50,
      timeZone: 'UTC',
      idAuthority: 'site.test,2025',
    });
  });

  it('makes base URLs end in a slash so relative paths resolve below them', () => {
    const config = parseSiteConfig(
      SITE_YAML.replace('https://feeds.site.test/', 'https://cdn.test/feeds'),
      's.yml',
    );
    expect(config.feedsUrl).toBe('https://cdn.test/feeds/');
  });

  it.each([
    [
      'home_url: https://site.test/',
      'home_url: not-a-url',
      'content/site.yml: home_url: must be an absolute http(s) URL',
    ],
    [
      'time_zone: UTC',
      'time_zone: Mars/Olympus',
      'content/site.yml: time_zone: must be an IANA time zone such as "Africa/Casablanca"',
    ],
    [
      'language: en',
      'language: english!',
      'content/site.yml: language: must be a BCP 47 language tag such as "en" or "fr-MA"',
    ],
    ['item_limit: 50', 'item_limit: 0', 'content/site.yml: item_limit: Too small: expected number to be >=1'],
    ['title: Test Site', 'titel: Test Site', 'content/site.yml: title: is required'],
  ])('names the key at fault: %s -> %s', (from, to, message) => {
    expect(() => parseSiteConfig(SITE_YAML.replace(from, to), 'content/site.yml')).toThrow(message);
  });

  it('refuses unknown keys, which are usually typos', () => {
    expect(() => parseSiteConfig(`${SITE_YAML}\nitem_limt: 5\n`, 'content/site.yml')).toThrow(
      'content/site.yml: item_limt: unknown key',
    );
  });

  it('applies deployment overrides and checks them', () => {
    expect(parseSiteConfig(SITE_YAML, 's.yml', { feedsUrl: 'https://d111.cloudfront.net' }).feedsUrl).toBe(
      'https://d111.cloudfront.net/',
    );
    expect(() => parseSiteConfig(SITE_YAML, 's.yml', { feedsUrl: 'ftp://x' })).toThrow('override feedsUrl');
  });
});
