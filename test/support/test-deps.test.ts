import { describe, expect, it } from 'vitest';
import { assertTestDependencies, type TestDependency } from './test-deps.js';

const dependency = (name: string, present: boolean): TestDependency => ({
  name,
  usedFor: `what ${name} does`,
  present: () => present,
});

describe('the check a fresh machine meets before any integration test', () => {
  it('names every missing program at once, with the one command that installs them', () => {
    const dependencies = [
      dependency('radosgw', false),
      dependency('xmllint', true),
      dependency('unzip', false),
    ];
    expect(() => assertTestDependencies({ s3ServerRunning: false, dependencies })).toThrow(
      [
        'The integration tests need programs this machine lacks:',
        '  - radosgw (what radosgw does)',
        '  - unzip (what unzip does)',
        'Install them all with one command (Debian, as root; .ci/run does it):',
        '  bash scripts/install-test-deps.sh',
      ].join('\n'),
    );
  });

  it('does not ask for RGW when S3_ENDPOINT names a running server', () => {
    const dependencies = [dependency('radosgw', false), dependency('xmllint', true)];
    expect(() => assertTestDependencies({ s3ServerRunning: true, dependencies })).not.toThrow();
    expect(() => assertTestDependencies({ s3ServerRunning: false, dependencies })).toThrow('radosgw');
  });
});
