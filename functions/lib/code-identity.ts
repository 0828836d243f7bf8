declare const __FEEDWRIGHT_CODE_ID__: string | undefined;

/**
 * Which code is running, for keying saved run state: set by the bundlers
 * (the CLI's dist/feedwright.mjs and the Lambda bundle) to a hash of the
 * product's version, its runtime dependencies as locked and its sources
 * (scripts/code-identity.cjs). Unbundled runs (tests, `tsx`) say so, and
 * their state is never taken for a bundle's.
 */
export const CODE_IDENTITY: string =
  typeof __FEEDWRIGHT_CODE_ID__ === 'string' ? __FEEDWRIGHT_CODE_ID__ : 'unbundled';
