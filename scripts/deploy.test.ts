/** npm run deploy: the commands it runs, and its refusals before running any of them. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Refusal, changelogEntry, deploy, parseArgs } from './deploy';

const ROOT = join(__dirname, '..');
const pkgVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test("CHANGELOG.md has an entry for package.json's version, saying what changed", () => {
  const entry = changelogEntry(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), pkgVersion);
  expect(entry).not.toBeNull();
  expect(entry!).toMatch(/^### (Added|Changed|Fixed|Removed|Deprecated|Security)$/m);
});

test('npm run deploy -- --dry-run prints build, clasp push, clasp version "<version>" and clasp deploy, and runs none', () => {
  const dist = join(ROOT, 'dist', 'Code.js');
  const before = statSync(dist).mtimeMs;
  const out = execFileSync('npm', ['run', '--silent', 'deploy', '--', '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
  expect(out.trim().split('\n')).toEqual([
    `Dry run: would release version ${pkgVersion} with`,
    '  npm run build',
    '  npx clasp push --force',
    `  npx clasp --json version ${pkgVersion}`,
    `  npx clasp deploy --versionNumber {versionNumber} --description ${pkgVersion}`,
  ]);
  expect(statSync(dist).mtimeMs).toBe(before); // nothing was built
});

describe('refusals', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'adapty-deploy-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.4.0' }));
    writeFileSync(
      join(dir, '.clasp.json'),
      JSON.stringify({ scriptId: 'REPLACE_WITH_YOUR_SCRIPT_ID', rootDir: 'dist' }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = (argv: string[]) => {
    const lines: string[] = [];
    let error: unknown = null;
    try {
      deploy(parseArgs(argv, dir), (l) => lines.push(l));
    } catch (e) {
      error = e;
    }
    return { lines, error };
  };

  test('no CHANGELOG entry for the version: refused, even in a dry run, nothing printed as run', () => {
    writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## [Unreleased]\n\n## [1.3.0] - 2026-11-01\n\n- Older.\n');
    for (const argv of [['--dry-run'], []]) {
      const { lines, error } = run(argv);
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Error).message).toBe(
        'CHANGELOG.md has no entry for version 1.4.0 (package.json). Add a "## [1.4.0] - YYYY-MM-DD" section saying what changed, then deploy. Nothing was run.',
      );
      expect(lines).toEqual([]);
    }
  });

  test('an entry with nothing in it, or no CHANGELOG.md at all, is no entry', () => {
    writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## [1.4.0] - 2026-12-01\n\n## [1.3.0]\n\n- Older.\n');
    expect(run(['--dry-run']).error).toBeInstanceOf(Refusal);
    rmSync(join(dir, 'CHANGELOG.md'));
    expect((run(['--dry-run']).error as Error).message).toMatch(/no entry for version 1\.4\.0/);
  });

  test('the placeholder script id: a real run refuses before building; the dry run shows the plan', () => {
    writeFileSync(join(dir, 'CHANGELOG.md'), '## [1.4.0] - 2026-12-01\n\n### Fixed\n\n- A thing.\n');
    const real = run([]);
    expect((real.error as Error).message).toMatch(/^\.clasp\.json has no script id yet/);
    expect(real.lines).toEqual([]);
    expect(run(['--dry-run', '--deployment-id', 'AKfy-123']).lines.at(-1)).toBe(
      '  npx clasp deploy --versionNumber {versionNumber} --description 1.4.0 --deploymentId AKfy-123',
    );
  });

  test('an unknown argument is refused by name, and the command exits 1', () => {
    expect((run(['--dryrun']).error as Error).message).toBe(
      'Unknown argument "--dryrun": use --dry-run and --deployment-id <id>.',
    );
    const r = spawnSync('npm', ['run', '--silent', 'deploy', '--', '--dryrun'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Unknown argument "--dryrun"');
  });
});
