#!/usr/bin/env node
/**
 * Starts a new release of the standard, the way docs/guides/standards-bodies.md describes:
 *
 *   node scripts/new-release.mjs 1.2.0            copy the latest release to schemas/1.2.0/ with its $ids and
 *                                                 schemaVersion consts moved to 1.2.0, and write an empty
 *                                                 migration file schemas/migrations/1.2.0.json to fill in
 *   node scripts/new-release.mjs --freeze 1.2.0   write schemas/1.2.0.sha256 (sha256 of every file, sorted):
 *                                                 from then on the folder never changes
 *
 * `--schemas DIR` works on another schemas folder (tests).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args.splice(i, 2)[1];
};
const schemasDir = resolve(
  option('--schemas') ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas'),
);
const freeze = args.includes('--freeze');
const version = args.find((a) => !a.startsWith('--'));
const SEMVER = /^(?:0|[1-9][0-9]{0,5})\.(?:0|[1-9][0-9]{0,5})\.(?:0|[1-9][0-9]{0,5})$/;

function fail(message) {
  console.error(`new-release: ${message}`);
  process.exit(2);
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const compare = (a, b) => a.localeCompare(b, 'en', { numeric: true });
if (!version || !SEMVER.test(version)) fail('usage: new-release.mjs [--freeze] VERSION (a semantic version)');
const releases = readdirSync(schemasDir)
  .filter((n) => SEMVER.test(n))
  .sort(compare);

if (freeze) {
  const folder = join(schemasDir, version);
  if (!existsSync(folder)) fail(`${relative(process.cwd(), folder)} does not exist`);
  const manifest = join(schemasDir, `${version}.sha256`);
  if (existsSync(manifest))
    fail(`${version} is already frozen (${version}.sha256 exists); a change is a new release`);
  const lines = files(folder)
    .map((f) => relative(schemasDir, f).split('\\').join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      (path) =>
        `${createHash('sha256')
          .update(readFileSync(join(schemasDir, path)))
          .digest('hex')}  ${path}`,
    );
  writeFileSync(manifest, `${lines.join('\n')}\n`);
  console.log(`froze ${version}: ${lines.length} files in ${version}.sha256`);
  process.exit(0);
}

const latest = releases.at(-1);
if (!latest) fail(`no release in ${schemasDir}`);
if (compare(version, latest) <= 0) fail(`${version} must come after the latest release ${latest}`);
const target = join(schemasDir, version);
if (existsSync(target)) fail(`${version} exists already`);
const oldBase = `https://schemas.medsupply.org/${latest}/`;
const newBase = `https://schemas.medsupply.org/${version}/`;
for (const file of files(join(schemasDir, latest))) {
  let text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const json = JSON.parse(text.replaceAll(oldBase, newBase));
    if (json.properties?.schemaVersion?.const === latest) {
      json.properties.schemaVersion.const = version;
      json.properties.schemaVersion.description = `Always ${version} for this schema.`;
    }
    if (json.version === latest) json.version = version;
    if (typeof json.$comment === 'string') json.$comment = json.$comment.replaceAll(latest, version);
    text = `${JSON.stringify(json, null, 2)}\n`;
  }
  const out = join(target, relative(join(schemasDir, latest), file));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}
const migrations = join(schemasDir, 'migrations');
mkdirSync(migrations, { recursive: true });
writeFileSync(
  join(migrations, `${version}.json`),
  `${JSON.stringify(
    {
      $schema: 'https://schemas.medsupply.org/migrations/migration.schema.json',
      fileFormat: '1.0.0',
      from: latest,
      to: version,
      description: `What ${version} changes, and the evidence for it.`,
      changes: { '*': [] },
    },
    null,
    2,
  )}\n`,
);
console.log(
  `started ${version} from ${latest}: edit schemas/${version}/, add fixtures under schemas/fixtures/${version}/, fill in schemas/migrations/${version}.json, run pnpm gen; freeze with --freeze ${version}`,
);
