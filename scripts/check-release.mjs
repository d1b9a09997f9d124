#!/usr/bin/env node
/**
 * The release gate (`pnpm check:release`, part of `pnpm test`):
 *   1. every released folder `schemas/<version>/` is byte-identical to its manifest
 *      `schemas/<version>.sha256` (no file changed, added or removed after release);
 *   2. every release is backward compatible with the one before it unless its major version changed
 *      (instances valid under the older release stay valid), and the diff is printed.
 *
 * Usage: node scripts/check-release.mjs [--root DIR]        check (default root: schemas/)
 *        node scripts/check-release.mjs --seal VERSION     write the manifest of a finished release
 * Exit codes: 0 ok, 1 the gate failed, 2 usage error or the packages are not built.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const root = resolve(option('--root') ?? join(repo, 'schemas'));
const seal = option('--seal');

const entry = join(repo, 'packages', 'schema-diff', 'dist', 'index.js');
if (!existsSync(entry)) {
  console.error(`check-release: ${relative(repo, entry)} missing: run \`pnpm build\` first`);
  process.exit(2);
}
const { diffReleases, formatText, listReleases, loadRelease } = await import(pathToFileURL(entry).href);

/** Every file of a release folder, as paths relative to the schemas root with forward slashes. */
function releaseFiles(version) {
  const found = [];
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(dir, e.name));
      else found.push(relative(root, join(dir, e.name)).replaceAll('\\', '/'));
    }
  };
  visit(join(root, version));
  return found.sort();
}

const sha256 = (file) =>
  createHash('sha256')
    .update(readFileSync(join(root, file)))
    .digest('hex');
const show = (file) => {
  const path = relative(process.cwd(), join(root, file));
  return path.startsWith('..') ? join(root, file) : path;
};

if (seal !== undefined) {
  const manifest = join(root, `${seal}.sha256`);
  if (!existsSync(join(root, seal))) {
    console.error(`check-release: no release folder ${seal}`);
    process.exit(2);
  }
  if (existsSync(manifest)) {
    console.error(
      `check-release: ${seal} is already sealed (${show(`${seal}.sha256`)}); released files never change`,
    );
    process.exit(2);
  }
  writeFileSync(
    manifest,
    `${releaseFiles(seal)
      .map((f) => `${sha256(f)}  ${f}`)
      .join('\n')}\n`,
  );
  console.log(`sealed ${seal}: ${show(`${seal}.sha256`)}`);
  process.exit(0);
}

const failures = [];
const versions = listReleases(root);

// 1. Released folders match their manifests.
for (const version of versions) {
  const manifestFile = `${version}.sha256`;
  if (!existsSync(join(root, manifestFile))) {
    failures.push(
      `release ${version} has no manifest ${show(manifestFile)}; when the release is final, seal it with ` +
        `\`node scripts/check-release.mjs --seal ${version}\``,
    );
    continue;
  }
  const listed = new Map(
    readFileSync(join(root, manifestFile), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [hash, ...path] = line.trim().split(/\s+/);
        return [path.join(' '), hash];
      }),
  );
  const actual = releaseFiles(version);
  const way = 'released files never change: revert it and publish the change as a new version instead';
  for (const file of actual) {
    if (!listed.has(file)) failures.push(`${show(file)} was added to released ${version}; ${way}`);
    else if (listed.get(file) !== sha256(file))
      failures.push(`${show(file)} changed after release ${version}; ${way}`);
  }
  for (const file of listed.keys()) {
    if (!actual.includes(file)) failures.push(`${show(file)} was removed from released ${version}; ${way}`);
  }
}

// 2. Each release is backward compatible with the one before, within a major version.
for (let i = 1; i < versions.length; i++) {
  const older = versions[i - 1];
  const newer = versions[i];
  let result;
  try {
    result = diffReleases(loadRelease(older, root), loadRelease(newer, root));
  } catch (error) {
    failures.push(`cannot compare ${older} with ${newer}: ${error.code ?? ''} ${error.message}`);
    continue;
  }
  console.log(`schema diff ${older} ${newer}`);
  process.stdout.write(formatText(result).replace(/^/gm, '  '));
  const sameMajor = older.split('.')[0] === newer.split('.')[0];
  if (!result.compatibility.backward && sameMajor) {
    const breaking = result.changes
      .filter((c) => !c.backward)
      .map((c) => `${c.rule} ${c.document} ${c.newPath || c.oldPath || '/'}`);
    failures.push(
      `release ${newer} is not backward compatible with ${older} (same major version): ${breaking.join('; ')}. ` +
        'Make the change compatible, or release it as a new major version.',
    );
  }
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`✗ ${failure}`);
  process.exit(1);
}
console.log(
  `✓ ${versions.length} release(s) unchanged since release; each backward compatible with the one before`,
);
