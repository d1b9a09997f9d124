#!/usr/bin/env node
/**
 * Package hygiene (`pnpm check:packages`, run by .ci/run after `pnpm test`, so on a built workspace):
 *
 * - every package.json (the root and test too) names the license, `repository`, `homepage` and `bugs`;
 * - every published package has a README.md and the root LICENSE, and its `files` name only what exists;
 * - packed as pnpm packs it (to a temporary folder), it holds no test file or fixture, its LICENSE and
 *   README, and passes publint (strict) and, when it has types, are-the-types-wrong (ESM-only profile);
 * - the CLI tarball of `pnpm pack:cli` passes publint and holds the worker, the compiled schemas and
 *   the notices of what it bundles.
 *
 * Prints one line per problem on stderr and exits 1 when there is any.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const REPOSITORY = 'git+https://github.com/medsupply/medsupply.git';
const HOMEPAGE = 'https://github.com/medsupply/medsupply';
const BUGS = 'https://github.com/medsupply/medsupply/issues';
/** What must never be in a tarball: tests, test fixtures, build info. */
const FORBIDDEN_IN_TARBALL =
  /(\.test\.[cm]?[jt]sx?$|\.test\.d\.ts|(^|\/)(__tests__|fixtures|test)\/|\.tsbuildinfo$)/;

const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);
const bin = (name) => join(root, 'node_modules', '.bin', name);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Workspace package folders, from pnpm-workspace.yaml (`- dir` and `- dir/*` entries). */
function workspaceFolders() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const section = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/gm)]
    .map((m) => m[1])
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
        : [pattern],
    )
    .filter((dir) => existsSync(join(root, dir, 'package.json')));
}

/** pnpm itself: the one running this script, or the pinned version through npx. */
function pnpm(args, cwd) {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath)
    ? execFileSync(process.execPath, [execPath, ...args], { cwd, encoding: 'utf8' })
    : execFileSync('npx', ['-y', 'pnpm@10', ...args], { cwd, encoding: 'utf8' });
}

/** Runs a checker; a non-zero exit is a problem, reported with the checker's output. */
function runChecker(where, command, args) {
  try {
    execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    problem(where, `${command.split('/').pop()} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

function tarballFiles(tarball) {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('package/') && !line.endsWith('/'))
    .map((line) => line.slice('package/'.length));
}

/** A `files` entry as a RegExp over packed paths (`*` within one folder, a folder means all under it). */
function filesPattern(entry) {
  const body = entry
    .replace(/^\.\//, '')
    .replace(/\/$/, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}(/|$)`);
}

function checkManifestFields(dir, manifest) {
  const where = `${dir}/package.json`;
  if (manifest.license !== 'Apache-2.0')
    problem(where, `license is ${manifest.license}, expected Apache-2.0`);
  if (manifest.repository?.url !== REPOSITORY) problem(where, `repository.url must be ${REPOSITORY}`);
  if (dir !== '.' && manifest.repository?.directory !== dir)
    problem(where, `repository.directory must be "${dir}"`);
  if (typeof manifest.homepage !== 'string' || !manifest.homepage.startsWith(HOMEPAGE))
    problem(where, `homepage must start with ${HOMEPAGE}`);
  if (manifest.bugs?.url !== BUGS) problem(where, `bugs.url must be ${BUGS}`);
}

function checkPublished(dir, manifest, packDir) {
  const where = dir;
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  if (!existsSync(join(root, dir, 'README.md'))) problem(where, 'no README.md');
  if (!existsSync(join(root, dir, 'LICENSE'))) problem(where, 'no LICENSE (copy the root LICENSE)');
  else if (readFileSync(join(root, dir, 'LICENSE'), 'utf8') !== license)
    problem(where, 'LICENSE differs from the root LICENSE');
  if (!Array.isArray(manifest.files)) problem(where, 'no "files" list: say what the package ships');

  const output = pnpm(['pack', '--pack-destination', packDir], join(root, dir));
  const tarball = output
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .findLast((line) => line.endsWith('.tgz'));
  if (!tarball || !existsSync(tarball)) return problem(where, `pnpm pack gave no tarball:\n${output}`);
  const files = tarballFiles(tarball);
  for (const file of files.filter((f) => FORBIDDEN_IN_TARBALL.test(f)))
    problem(where, `packs a test file or fixture: ${file}`);
  for (const required of ['package.json', 'README.md', 'LICENSE'])
    if (!files.includes(required)) problem(where, `the tarball has no ${required}`);
  for (const entry of manifest.files ?? []) {
    if (entry.startsWith('!')) continue;
    if (!files.some((file) => filesPattern(entry).test(file)))
      problem(where, `"files" lists ${entry}, which matches nothing packed`);
  }
  runChecker(where, bin('publint'), ['run', tarball, '--strict']);
  if (manifest.types || manifest.exports?.['.']?.types)
    runChecker(where, bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
}

function checkCliTarball(packDir) {
  const where = 'pnpm pack:cli';
  const out = join(packDir, 'cli');
  execFileSync(process.execPath, [join(root, 'packages/cli/scripts/pack.mjs'), '--out', out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const { version } = readJson(join(root, 'packages/cli/package.json'));
  const tarball = join(out, `medsupply-cli-${version}.tgz`);
  if (!existsSync(tarball)) return problem(where, `no ${tarball}`);
  const files = tarballFiles(tarball);
  const manifest = JSON.parse(
    execFileSync('tar', ['xzf', tarball, '-O', 'package/dist/standalone/manifest.json'], {
      encoding: 'utf8',
    }),
  );
  const required = [
    'LICENSE',
    'README.md',
    'THIRD-PARTY-NOTICES.md',
    'bin/medsupply.js',
    'dist/cli/main.js',
    'dist/parallel/worker.js',
    ...Object.values(manifest.versions).flatMap((types) =>
      Object.values(types).map((f) => `dist/standalone/${f}`),
    ),
  ];
  for (const file of required) if (!files.includes(file)) problem(where, `the tarball has no ${file}`);
  checkLazyCommands(where, tarball);
  for (const file of files.filter((f) => FORBIDDEN_IN_TARBALL.test(f)))
    problem(where, `packs a test file or fixture: ${file}`);
  runChecker(where, bin('publint'), ['run', tarball, '--strict']);
}

/** Chunks each command loads on demand; start-up must not import them (decision 0012). */
const LAZY_CHUNKS = /^(validate|gs1|convert|fhir|csv|cli-progress)-[A-Z0-9]+\.js$/;

/** Fails when the CLI entry reaches a command's chunk through static imports (lazy loading lost). */
function checkLazyCommands(where, tarball) {
  const unpacked = mkdtempSync(join(tmpdir(), 'medsupply-cli-unpacked-'));
  try {
    execFileSync('tar', ['xzf', tarball, '-C', unpacked]);
    const dir = join(unpacked, 'package', 'dist', 'cli');
    const reached = new Set();
    const visit = (file) => {
      if (reached.has(file)) return;
      reached.add(file);
      const source = readFileSync(join(dir, file), 'utf8');
      for (const m of source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']\.\/([^"']+)["']/gm)) visit(m[1]);
    };
    visit('main.js');
    const lazy = readdirSync(dir).filter((f) => LAZY_CHUNKS.test(f));
    if (lazy.length < 4) problem(where, `expected a chunk per command in dist/cli, found ${lazy.join(', ')}`);
    for (const file of reached)
      if (LAZY_CHUNKS.test(file)) problem(where, `start-up imports ${file} statically`);
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

const packDir = mkdtempSync(join(tmpdir(), 'medsupply-packages-'));
try {
  checkManifestFields('.', readJson(join(root, 'package.json')));
  for (const dir of workspaceFolders()) {
    const manifest = readJson(join(root, dir, 'package.json'));
    checkManifestFields(dir, manifest);
    if (!existsSync(join(root, dir, 'README.md'))) problem(dir, 'no README.md');
    if (!manifest.private) checkPublished(dir, manifest, packDir);
  }
  checkCliTarball(packDir);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const line of problems) process.stderr.write(`check:packages: ${line}\n`);
  process.exit(1);
}
process.stderr.write(
  'check:packages: every package is clean (fields, README, LICENSE, files, publint, attw)\n',
);
