/**
 * The error classes feedwright throws. Each names the input at fault in its
 * message and keeps the foreign error it wraps as `cause`. They share one
 * base, FeedwrightError: anything else that reaches the top is a bug and is
 * shown with its stack.
 *
 * @example
 *   throw new ConfigError('content/site.yml: home_url: "x" is not an absolute http(s) URL');
 */

/** The base of every error feedwright means to throw: its message is meant for people, in one line. */
export class FeedwrightError extends Error {
  override name = 'FeedwrightError';
}

/** Site config, flags or environment are unusable; the message names the key, flag or variable. */
export class ConfigError extends FeedwrightError {
  override name = 'ConfigError';
}

/** One article cannot be published; `file` and `field` say where. Collected, not thrown past the parser. */
export class ArticleError extends FeedwrightError {
  override name = 'ArticleError';
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(field ? `${file}: ${field}: ${reason}` : `${file}: ${reason}`, options);
  }
}

/** A rendered feed failed the output gate; it is not written. */
export class FeedCheckError extends FeedwrightError {
  override name = 'FeedCheckError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/** Reading content or state, or writing feeds, failed; the message names the file or s3://bucket/key. */
export class StorageError extends FeedwrightError {
  override name = 'StorageError';
}

/** A run published what it could but must be looked at: the message says why (the alarm watches these). */
export class RunError extends FeedwrightError {
  override name = 'RunError';
}

/**
 * Renders a thrown value for people. Our own errors are one line, with the
 * wrapped cause's message; anything else is a bug and keeps its stack, so a
 * TypeError never passes for an input problem.
 */
export function describeError(error: unknown): string {
  if (error instanceof FeedwrightError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
