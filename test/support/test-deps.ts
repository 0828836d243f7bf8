import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './browser.js';
import { PYTHON } from './readers.js';

/** One program the integration tests run, and how to tell it is there. */
export interface TestDependency {
  name: string;
  usedFor: string;
  present(): boolean;
}

const succeeds = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
};
const onPath = (program: string) => succeeds('sh', ['-c', `command -v ${program}`]);

/**
 * What the integration project needs beyond npm packages, all installed by
 * scripts/install-test-deps.sh. RGW is not needed when S3_ENDPOINT names a
 * server already running.
 */
export const TEST_DEPENDENCIES: TestDependency[] = [
  { name: 'radosgw', usedFor: 'the local S3 server (Ceph RGW)', present: () => onPath('radosgw') },
  { name: 'xmllint', usedFor: 'well-formedness of every feed', present: () => onPath('xmllint') },
  {
    name: 'python3-feedparser',
    usedFor: "feedparser, the readers' parser",
    present: () => succeeds(PYTHON, ['-c', 'import feedparser']),
  },
  { name: 'unzip', usedFor: 'opening the serverless package', present: () => onPath('unzip') },
  { name: 'chromium', usedFor: 'the index.html tests', present: () => existsSync(CHROMIUM_PATH) },
  {
    name: 'fonts-noto-color-emoji',
    usedFor: 'emoji in the index.html tests',
    present: () => succeeds('sh', ['-c', 'fc-list | grep -q "Noto Color Emoji"']),
  },
  { name: 'cfn-lint', usedFor: 'linting the packaged template', present: () => onPath('cfn-lint') },
  { name: 'moto_server', usedFor: 'the deploy smoke test', present: () => onPath('moto_server') },
];

/**
 * Every missing program at once, with the one command that installs them
 * all: a fresh machine stops here, not at the first test that needs one.
 */
export function assertTestDependencies(options: {
  s3ServerRunning: boolean;
  dependencies?: TestDependency[];
}): void {
  const missing = (options.dependencies ?? TEST_DEPENDENCIES).filter(
    (dependency) => !(options.s3ServerRunning && dependency.name === 'radosgw') && !dependency.present(),
  );
  if (missing.length === 0) return;
  throw new Error(
    [
      'The integration tests need programs this machine lacks:',
      ...missing.map((dependency) => `  - ${dependency.name} (${dependency.usedFor})`),
      'Install them all with one command (Debian, as root; .ci/run does it):',
      '  bash scripts/install-test-deps.sh',
    ].join('\n'),
  );
}
