/**
 * `npm run deploy`: releases package.json's version — build, `clasp push`, `clasp version "<version>"`,
 * then `clasp deploy` of that version (`--deployment-id <id>` updates an existing deployment instead of
 * creating one). Refuses, before running anything, when CHANGELOG.md has no entry for the version, or (not
 * in a dry run) when .clasp.json still holds the placeholder script id.
 *   npm run deploy -- --dry-run        prints the commands and runs none of them
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DeployOptions {
  root: string;
  dryRun: boolean;
  deploymentId?: string;
}

export class Refusal extends Error {}

/** The body of CHANGELOG.md's `## [version]` section, or null when there is none (or it is empty). */
export function changelogEntry(changelog: string, version: string): string | null {
  const lines = changelog.split(/\r?\n/);
  const esc = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const head = new RegExp(`^## \\[?${esc}\\]?(\\s|$)`);
  const start = lines.findIndex((l) => head.test(l));
  if (start < 0) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^## /.test(l));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  return body ? body : null;
}

export function parseArgs(argv: readonly string[], root: string): DeployOptions {
  const opts: DeployOptions = { root, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') opts.dryRun = true;
    else if (a === '--deployment-id' && argv[i + 1]) opts.deploymentId = argv[++i];
    else throw new Refusal(`Unknown argument ${JSON.stringify(a)}: use --dry-run and --deployment-id <id>.`);
  }
  return opts;
}

/** What a release checks first: the version and its changelog entry. */
export function releaseVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  const version = typeof pkg.version === 'string' ? pkg.version : '';
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Refusal(`package.json's version ${JSON.stringify(pkg.version)} is not a semantic version (1.2.3).`);
  const changelogPath = join(root, 'CHANGELOG.md');
  const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : '';
  if (changelogEntry(changelog, version) === null)
    throw new Refusal(
      `CHANGELOG.md has no entry for version ${version} (package.json). Add a "## [${version}] - YYYY-MM-DD" section saying what changed, then deploy. Nothing was run.`,
    );
  return version;
}

function checkClaspProject(root: string): void {
  const path = join(root, '.clasp.json');
  const clasp = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { scriptId?: string }) : {};
  if (!clasp.scriptId || /REPLACE_WITH/.test(clasp.scriptId))
    throw new Refusal(
      '.clasp.json has no script id yet: put your Apps Script project\'s id in "scriptId" (README › Deploy). Nothing was run.',
    );
}

/** Which command is `clasp version`, whose answer the deployment needs. */
const VERSION_STEP = 2;

/** The commands, in order; `{versionNumber}` is the number `clasp version` answers with. */
export function commands(version: string, deploymentId?: string): string[][] {
  return [
    ['npm', 'run', 'build'],
    ['npx', 'clasp', 'push', '--force'],
    ['npx', 'clasp', '--json', 'version', version],
    [
      'npx',
      'clasp',
      'deploy',
      '--versionNumber',
      '{versionNumber}',
      '--description',
      version,
      ...(deploymentId ? ['--deploymentId', deploymentId] : []),
    ],
  ];
}

const shown = (cmd: readonly string[]) =>
  cmd.map((a) => (/^[\w@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');

export function deploy(opts: DeployOptions, out: (line: string) => void = console.log): void {
  const version = releaseVersion(opts.root);
  const cmds = commands(version, opts.deploymentId);
  if (opts.dryRun) {
    out(`Dry run: would release version ${version} with`);
    for (const c of cmds) out('  ' + shown(c));
    return;
  }
  checkClaspProject(opts.root);
  let versionNumber = '';
  for (const [i, template] of cmds.entries()) {
    const cmd = template.map((a) => (a === '{versionNumber}' ? versionNumber : a));
    out('$ ' + shown(cmd));
    const captures = i === VERSION_STEP;
    const r = spawnSync(cmd[0], cmd.slice(1), {
      cwd: opts.root,
      stdio: captures ? ['inherit', 'pipe', 'inherit'] : 'inherit',
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Refusal(`${shown(cmd)} failed (exit ${r.status ?? r.signal}); stopped there.`);
    if (captures) {
      const n = /"versionNumber"\s*:\s*(\d+)/.exec(r.stdout ?? '');
      if (!n) throw new Refusal(`clasp version did not say which version it created: ${r.stdout}`);
      versionNumber = n[1];
      out(`Created Apps Script version ${versionNumber} (${version}).`);
    }
  }
  out(
    `Released ${version} as Apps Script version ${versionNumber}. Point the Marketplace SDK's App Configuration at it.`,
  );
}

if (require.main === module) {
  try {
    const root = join(__dirname, '..');
    deploy(parseArgs(process.argv.slice(2), root));
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
