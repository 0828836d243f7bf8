import { describe, expect, it } from 'vitest';
import { SLUG, slugify } from '../../functions/lib/articles/slug.js';

describe('slugify', () => {
  it.each([
    ['Politics & Security', 'politics-security'],
    ['Économie', 'économie'],
    ['سياسة دولية', 'سياسة-دولية'],
    ['  --Hello   World--  ', 'hello-world'],
    ['2025 Review', '2025-review'],
    ['../../x', 'x'],
  ])('%j -> %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
    expect(SLUG.test(expected)).toBe(true);
  });

  it('gives the same slug for composed and decomposed accents', () => {
    expect(slugify('Cafe\u0301')).toBe(slugify('Caf\u00e9'));
  });

  it.each(['../x', 'a/b', 'a b', '', '.hidden', 'a..b'])('SLUG refuses %j', (slug) => {
    expect(SLUG.test(slug)).toBe(false);
  });
});
