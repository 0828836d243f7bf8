/**
 * The few error classes feedwright throws. Each names the input at fault in
 * its message and keeps the foreign error it wraps as `cause`.
 *
 * @example
 *   throw new ConfigError('content/site.yml: home_url: "x" is not an absolute http(s) URL');
 */

/** Site config or environment is unusable; the message names the key or variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** One article cannot be published; `file` and `field` say where. Collected, not thrown past the parser. */
export class ArticleError extends Error {
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
export class FeedCheckError extends Error {
  override name = 'FeedCheckError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/** Reading content or writing feeds failed; the message names the file or s3://bucket/key. */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** Renders any thrown value as one line for people; never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
