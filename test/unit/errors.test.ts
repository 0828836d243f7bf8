import { describe, expect, it } from 'vitest';
import {
  ArticleError,
  ConfigError,
  describeError,
  FeedCheckError,
  FeedwrightError,
  RunError,
  StorageError,
} from '../../functions/lib/errors.js';

describe('errors', () => {
  it('every error feedwright throws on purpose is a FeedwrightError', () => {
    const ours = [
      new ConfigError('content/site.yml: title: is required'),
      new ArticleError('content/articles/x.md', 'date', 'is required'),
      new FeedCheckError('rss.xml', 'not well-formed XML'),
      new StorageError('s3://b/feeds/rss.xml: cannot write'),
      new RunError('feeds not fully published'),
    ];
    for (const error of ours) {
      expect(error).toBeInstanceOf(FeedwrightError);
      expect(error).toBeInstanceOf(Error);
    }
    expect(ours.map((e) => e.name)).toEqual([
      'ConfigError',
      'ArticleError',
      'FeedCheckError',
      'StorageError',
      'RunError',
    ]);
  });

  it('describes our errors in one line, with the cause they wrap', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:9');
    const text = describeError(new StorageError('s3://b/feeds/rss.xml: cannot write', { cause }));
    expect(text).toBe('s3://b/feeds/rss.xml: cannot write (connect ECONNREFUSED 127.0.0.1:9)');
    expect(text).not.toContain('\n');
  });

  it('shows anything else with its stack: a bug must not pass for an input problem', () => {
    let thrown: unknown;
    try {
      (undefined as unknown as { x: number }).x;
    } catch (error) {
      thrown = error;
    }
    const text = describeError(thrown);
    expect(thrown).toBeInstanceOf(TypeError);
    expect(text).toMatch(/^TypeError: /);
    expect(text).toContain('\n    at ');
  });

  it('describes values that are not errors as text', () => {
    expect(describeError('plain')).toBe('plain');
  });
});
