#!/usr/bin/env node
/**
 * Packs the `medsupply` CLI as one installable tarball, `medsupply-cli-<version>.tgz`, in the current
 * directory (or `--out DIR`): `npm i -g ./medsupply-cli-<version>.tgz` then gives `medsupply` anywhere.
 *
 * The CLI and the workspace packages it uses (validators, gs1, fhir, types) are bundled with esbuild,
 * with code splitting so every command is still loaded only when it runs (decision 0012). The
 * tarball's layout keeps the paths the validators find at run time, two folders below the root:
 *
 *   bin/medsupply.js                     launcher
 *   dist/cli/main.js, dist/cli/*.js      the CLI entry and its shared chunks
 *   dist/parallel/worker.js              the validation worker (loaded by URL, as in the workspace)
 *   dist/standalone/<version>/<Type>.js  the schemas compiled at build time, and their manifest.json
 *
 * Packages that load files at run time through `require` (UCUM tables, country names) stay real npm
 * dependencies, at the versions the workspace declares. Run after `pnpm build` (`pnpm pack:cli` does).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  CLI_BUILD_OPTIONS,
  explainerOnFirstRejection,
  lazyChildProcess,
  withoutUnusedRequire,
  writeExplainer,
} from './bundle.mjs';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(cliRoot, '../..');
const validatorsRoot = join(repoRoot, 'validators');

/** Loaded through `createRequire` at run time (data files, lazily), so they cannot be bundled. */
const RUNTIME_DEPENDENCIES = [
  '@lhncbc/ucum-lhc',
  'i18n-iso-countries',
  // WebAssembly modules, loaded from their package folders at run time.
  '@bsull/augurs',
  '@electric-sql/pglite',
];

/** The standard itself (schemas, migrations, catalog): data read from disk, shipped as a bundled dependency. */
const SCHEMAS_PACKAGE = '@medsupply/schemas';

/** Package.json members copied as they are from the workspace package. */
const COPIED_FIELDS = [
  'name',
  'version',
  'description',
  'keywords',
  'license',
  'repository',
  'homepage',
  'bugs',
];

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function fail(message) {
  process.stderr.write(`pack-cli: ${message}\n`);
  process.exit(2);
}

/** The version range the workspace declares for a dependency (the first package that declares it). */
function declaredRange(name) {
  for (const dir of [
    'validators',
    'adapters/gs1',
    'adapters/fhir',
    'packages/forecast',
    'packages/server',
    'packages/cli',
  ]) {
    const manifest = readJson(join(repoRoot, dir, 'package.json'));
    const range = manifest.dependencies?.[name];
    if (range) return range;
  }
  fail(`no workspace package declares ${name}`);
}

/** The root folder of the npm package that holds a bundled file, or undefined for our own code. */
function packageDirOf(file) {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = file.slice(at + 'node_modules/'.length).split('/');
  return file.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/');
}

/** The name, version, license and license text of every third-party package bundled in. */
function thirdPartyNotices(metafile) {
  const dirs = new Set(Object.keys(metafile.inputs).map(packageDirOf).filter(Boolean));
  const sections = [...dirs]
    .map((dir) => {
      const { name, version, license } = readJson(join(repoRoot, dir, 'package.json'));
      const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].find((f) =>
        existsSync(join(repoRoot, dir, f)),
      );
      const text = file ? readFileSync(join(repoRoot, dir, file), 'utf8').trim() : `License: ${license}`;
      return { name, text: `## ${name}@${version} (${license})\n\n\`\`\`\n${text}\n\`\`\`\n` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return `# Third-party notices\n\nThe medsupply CLI bundles the following packages.\n\n${sections.map((s) => s.text).join('\n')}`;
}

/** The environment without pnpm's npm_config_* settings, which npm warns about. */
function npmEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
}

function parseOut(argv) {
  const at = argv.indexOf('--out');
  return resolve(at >= 0 && argv[at + 1] ? argv[at + 1] : process.cwd());
}

const outDir = parseOut(process.argv.slice(2));
const manifestPath = join(validatorsRoot, 'dist/standalone/manifest.json');
if (!existsSync(join(cliRoot, 'dist/main.js')) || !existsSync(manifestPath)) {
  fail('the workspace is not built; run `pnpm build` first (or `pnpm pack:cli`, which does)');
}

const stage = mkdtempSync(join(tmpdir(), 'medsupply-cli-'));
try {
  const standalone = readJson(manifestPath);
  const entryPoints = {
    'cli/main': join(cliRoot, 'dist/main.js'),
    'parallel/worker': join(validatorsRoot, 'dist/parallel/worker.js'),
  };
  for (const types of Object.values(standalone.versions)) {
    for (const file of Object.values(types)) {
      entryPoints[`standalone/${file.replace(/\.js$/, '')}`] = join(validatorsRoot, 'dist/standalone', file);
    }
  }
  // The start-up savings of the workspace bundle (decision 0023): Ajv's explainers in their own files,
  // read on the first rejected record; commander's child_process on first use; minified code.
  const explainers = [];
  const result = await build({
    ...CLI_BUILD_OPTIONS,
    entryPoints,
    absWorkingDir: repoRoot,
    outdir: join(stage, 'dist'),
    external: RUNTIME_DEPENDENCIES,
    plugins: [explainerOnFirstRejection(explainers), lazyChildProcess],
    metafile: true,
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, withoutUnusedRequire(file.text));
  }
  // Node looks for the nearest package.json above each module it loads; one beside the files ends that walk.
  for (const dir of new Set(result.outputFiles.map((file) => dirname(file.path))))
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const explainer of explainers) {
    const file = relative(join(validatorsRoot, 'dist/standalone'), explainer).replace(/\.js$/, '.cjs');
    await writeExplainer(explainer, join(stage, 'dist/standalone', file));
  }
  copyFileSync(manifestPath, join(stage, 'dist/standalone/manifest.json'));
  // Data beside the compiled schemas (each release's registry of identifier systems).
  for (const version of Object.keys(standalone.versions)) {
    const dir = join(validatorsRoot, 'dist/standalone', version);
    for (const file of readdirSync(dir).filter((name) => !name.endsWith('.js')))
      copyFileSync(join(dir, file), join(stage, 'dist/standalone', version, file));
  }
  // Files that modules read relative to their own location: the dashboard's charting library and the
  // bundled OpenAPI document.
  mkdirSync(join(stage, 'dist/dashboard'), { recursive: true });
  copyFileSync(
    join(repoRoot, 'packages/metrics/dist/dashboard/echarts.bundle.js'),
    join(stage, 'dist/dashboard/echarts.bundle.js'),
  );
  copyFileSync(join(repoRoot, 'packages/openapi/dist/openapi.json'), join(stage, 'dist/openapi.json'));
  // The schemas package, as a bundled dependency: the registry finds it by resolving its package.json.
  const schemasSource = join(repoRoot, 'schemas');
  const schemasStage = join(stage, 'node_modules', SCHEMAS_PACKAGE);
  const schemasManifest = readJson(join(schemasSource, 'package.json'));
  mkdirSync(schemasStage, { recursive: true });
  for (const entry of readdirSync(schemasSource)) {
    if (
      !/^\d+\.\d+\.\d+(\.sha256)?$/.test(entry) &&
      !['migrations', 'bundled', 'catalog.json', 'LICENSE'].includes(entry)
    )
      continue;
    cpSync(join(schemasSource, entry), join(schemasStage, entry), { recursive: true });
  }
  writeFileSync(
    join(schemasStage, 'package.json'),
    `${JSON.stringify({ name: SCHEMAS_PACKAGE, version: schemasManifest.version, type: 'module', license: schemasManifest.license, exports: schemasManifest.exports }, null, 2)}\n`,
  );
  writeFileSync(join(stage, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(result.metafile));

  mkdirSync(join(stage, 'bin'));
  writeFileSync(
    join(stage, 'bin/medsupply.js'),
    // Node 22.1+ keeps compiled code between runs (decision 0022); Node 20 skips the call.
    "#!/usr/bin/env node\nimport module from 'node:module';\nmodule.enableCompileCache?.();\nimport('../dist/cli/main.js').then((cli) => cli.main(process.argv.slice(2)));\n",
    { mode: 0o755 },
  );

  const source = readJson(join(cliRoot, 'package.json'));
  const manifest = Object.fromEntries(COPIED_FIELDS.filter((k) => k in source).map((k) => [k, source[k]]));
  Object.assign(manifest, {
    type: 'module',
    engines: source.engines,
    bin: { medsupply: './bin/medsupply.js' },
    exports: { './package.json': './package.json' },
    files: ['bin', 'dist', 'THIRD-PARTY-NOTICES.md'],
    dependencies: {
      ...Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => [name, declaredRange(name)])),
      [SCHEMAS_PACKAGE]: schemasManifest.version,
    },
    bundleDependencies: [SCHEMAS_PACKAGE],
  });
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(repoRoot, 'LICENSE'), join(stage, 'LICENSE'));
  copyFileSync(join(cliRoot, 'README.md'), join(stage, 'README.md'));

  mkdirSync(outDir, { recursive: true });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
      cwd: stage,
      encoding: 'utf8',
      env: npmEnvironment(),
    }),
  )[0];
  const tarball = join(outDir, packed.filename);
  process.stderr.write(
    `pack-cli: ${tarball} (${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packed.entryCount} files)\n`,
  );
  process.stdout.write(`${tarball}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
