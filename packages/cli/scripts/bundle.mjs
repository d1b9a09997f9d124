#!/usr/bin/env node
/**
 * Bundles the workspace build of the CLI for a fast start (decision 0023): `node packages/cli/bin/medsupply.js`
 * then reads a handful of files instead of ~60 modules and a few CommonJS packages.
 *
 * Runs after `tsc -b` (the package's `build` script). Input: dist/main.js and the schemas validators compiled
 * at build time; output, laid out like the packed CLI (pack.mjs) so the validators find their compiled
 * schemas two folders below the root:
 *
 *   dist/bundle/dist/cli/main.js, dist/cli/*.js          the CLI entry, its lazily loaded commands, shared chunks
 *   dist/bundle/dist/standalone/<version>/<Type>.js      the compiled schemas, sharing the formats chunk with the CLI
 *   dist/bundle/dist/standalone/<version>/<Type>.ajv.cjs Ajv's explainers, read on the first rejected record
 *   dist/bundle/dist/standalone/manifest.json            copied from validators
 *
 * Each output folder also gets a `{ "type": "module" }` package.json (see below why).
 *
 * Only our own packages and a short list of small pure-JavaScript libraries are inlined. Every other package is
 * imported from where it is installed, by a relative path, so it runs exactly as it does unbundled. Modules that
 * find files next to themselves (`import.meta.url`: UCUM, country names, the worker script, the OpenAPI
 * document, …) are given their original location back, so a bundled module reads the same files as before.
 * Relative paths keep the bundle working if the checkout moves; `pnpm build` rebuilds it.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(cliRoot, '../..');
const validatorsDist = join(repoRoot, 'validators/dist');
/** The bundle's root: the same layout as the packed CLI's package root. */
export const BUNDLE_ROOT = join(cliRoot, 'dist/bundle');
const outdir = join(BUNDLE_ROOT, 'dist');

/**
 * Third-party packages inlined into the bundle: the ones `validate` loads at start (each CommonJS package
 * costs Node's CommonJS loader and export scan when imported from ESM). They read no files of their own.
 */
const INLINED_PACKAGES = new Set([
  'commander',
  'ajv-formats',
  'ajv',
  'i18n-iso-countries',
  'diacritics',
  'csv-parse',
  'csv-stringify',
  'cli-progress',
]);

/**
 * The one module whose files move with the bundle: the loader of the compiled schemas, so that the schemas
 * come from this bundle and share its formats module (instead of loading validators' unbundled formats and
 * their dependencies a second time).
 */
const MOVES_WITH_BUNDLE = [join(validatorsDist, 'engine/node-schema-source.js')];

/** Marker for a path that is made relative to each output file once the build is done. */
const MARK = '@medsupply-bundle-path@';

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Inlines our packages and INLINED_PACKAGES; imports every other package from its installed file. */
const installedPackages = {
  name: 'installed-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const name = packageName(args.path);
      if (name.startsWith('@medsupply/') || INLINED_PACKAGES.has(name)) return undefined;
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0 || found.external) return { errors: found.errors };
      // A built-in (esbuild resolves `fs` to itself on platform node) stays as written.
      if (!found.path.includes(sep)) return { path: args.path, external: true };
      return { path: `${MARK}${found.path}`, external: true };
    });
  },
};

/** Gives every bundled module that reads `import.meta.url` its original file location. */
const originalLocation = {
  name: 'original-location',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url') || MOVES_WITH_BUNDLE.includes(args.path)) return undefined;
      const at = `new URL(${JSON.stringify(`${MARK}${args.path}`)}, import.meta.url).href`;
      return {
        contents: text.replaceAll('import.meta.url', at),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * commander requires `node:child_process` at load, for subcommands run as separate executables, which the
 * CLI has none of; loading it (and `net`, `dgram`, … behind it) cost ~8 ms of every start. The stub
 * loads the real module the first time commander asks for `spawn`.
 */
export const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { get spawn() { return require('node:child_process').spawn; } };",
      loader: 'js',
    }));
  },
};

/**
 * A compiled schema module imports Ajv's explainer of its document type (about 300 KB of code and schema
 * literals), which only runs for a record the fast checker rejects. In the bundle the explainer becomes a
 * CommonJS file beside the module, `<Type>.ajv.cjs`, required (synchronously) on the first rejected record
 * and handed the module's own `formats`: a run over valid records never reads or compiles it. Verdicts and
 * errors are the explainer's, as before. A module that does not have the expected shape keeps the
 * explainer in the bundle, evaluated on first use only; the explainer files to write are collected here.
 */
export function explainerOnFirstRejection(explainers) {
  return {
    name: 'explainer-on-first-rejection',
    setup(b) {
      b.onLoad({ filter: /[\\/]standalone[\\/][^\\/]+[\\/][^\\/.]+\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const found = /import\s*([A-Za-z_$][\w$]*)\s*from\s*"\.\/([^"/]+)\.ajv\.js";?/.exec(text);
        if (!found) return undefined;
        const [statement, name, type] = found;
        const sharesFormats = /import\s*\{\s*formats\s*\}\s*from\s*"\.\.\/\.\.\/formats\/index\.js"/.test(
          text,
        );
        const lazy = sharesFormats
          ? // The banner's createRequire, resolved from this module's own file: the .cjs sits beside it.
            `let explainer;function ${name}(data){explainer??=__medsupplyCreateRequire(import.meta.url)("./${type}.ajv.cjs")(formats);const valid=explainer(data);${name}.errors=explainer.errors;return valid}`
          : `function ${name}(data){const explainer=require("./${type}.ajv.js").default;const valid=explainer(data);${name}.errors=explainer.errors;return valid}`;
        if (sharesFormats) explainers.push(join(dirname(args.path), `${type}.ajv.js`));
        return { contents: text.replace(statement, lazy), loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * Writes an explainer as a CommonJS factory: `require(file)(formats)` returns Ajv's validate function,
 * using the formats it is given (the compiled schema module's) instead of importing its own.
 */
export async function writeExplainer(explainer, outFile) {
  const result = await build({
    entryPoints: [explainer],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    write: false,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'formats-from-caller',
        setup(b) {
          b.onResolve({ filter: /[\\/]formats[\\/]index\.js$/ }, () => ({
            path: 'formats',
            namespace: 'caller',
          }));
          b.onLoad({ filter: /.*/, namespace: 'caller' }, () => ({
            contents: 'exports.formats = __medsupplyFormats;',
            loader: 'js',
          }));
        },
      },
    ],
  });
  const body = result.outputFiles[0].text;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(
    outFile,
    `"use strict";\n// Ajv's explainer of ${relative(repoRoot, explainer)}, for the bundled CLI (scripts/bundle.mjs).\nmodule.exports = function (__medsupplyFormats) {\nconst module = { exports: {} };\nconst exports = module.exports;\n${body}\nreturn module.exports.default;\n};\n`,
  );
}

const REQUIRE_BANNER =
  "import { createRequire as __medsupplyCreateRequire } from 'node:module';\nconst require = __medsupplyCreateRequire(import.meta.url);\n";

/**
 * esbuild options the workspace bundle and the packed CLI (pack.mjs) share: ES modules split into lazily
 * loaded chunks under dist/cli (so modules that find files from import.meta.url sit two folders below the
 * root, as in the workspace), the `require` banner, minified, written by the caller.
 */
export const CLI_BUILD_OPTIONS = {
  chunkNames: 'cli/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Inlined CommonJS packages call require() for Node built-ins.
  banner: { js: REQUIRE_BANNER },
  // Less to parse on every start (about 5 % of the CLI's own start-up work); names are kept, so stack
  // traces still name functions. MEDSUPPLY_UNBUNDLED=1 runs the readable modules.
  minifyWhitespace: true,
  minifySyntax: true,
  write: false,
  logLevel: 'warning',
};

/** Drops the `require` banner from an output file that never uses it (most chunks): one import less to link. */
export function withoutUnusedRequire(text) {
  if (!text.startsWith(REQUIRE_BANNER)) return text;
  const body = text.slice(REQUIRE_BANNER.length);
  return /\brequire\b|__medsupplyCreateRequire/.test(body) ? text : body;
}

/**
 * i18n-iso-countries builds diacritics' replacement map at load, for looking countries up by name, which
 * validation never does (it checks codes); the stub loads diacritics on the first name lookup.
 */
const lazyDiacritics = {
  name: 'lazy-diacritics',
  setup(b) {
    b.onResolve({ filter: /^diacritics$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'real',
      });
      return { path: 'diacritics', namespace: 'lazy-diacritics', pluginData: real.path };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-diacritics' }, (args) => ({
      contents: `module.exports = { remove: (text) => require(${JSON.stringify(args.pluginData)}).remove(text) };`,
      loader: 'js',
      resolveDir: dirname(args.pluginData),
    }));
  },
};

/** Replaces each marked absolute path in an output file by the path relative to that file. */
function relativise(text, outputFile) {
  return text.replace(/"@medsupply-bundle-path@((?:[^"\\]|\\.)+)"/g, (_m, path) => {
    let rel = relative(dirname(outputFile), JSON.parse(`"${path}"`))
      .split(sep)
      .join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return JSON.stringify(rel);
  });
}

/** Builds the bundle under {@link BUNDLE_ROOT}. */
export async function bundleCli() {
  const manifestPath = join(validatorsDist, 'standalone/manifest.json');
  if (!existsSync(join(cliRoot, 'dist/main.js')) || !existsSync(manifestPath)) {
    throw new Error('bundle-cli: run `tsc -b` and build validators first (`pnpm build` does both)');
  }
  const entryPoints = { 'cli/main': join(cliRoot, 'dist/main.js') };
  const standalone = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const types of Object.values(standalone.versions)) {
    for (const file of Object.values(types))
      entryPoints[`standalone/${file.replace(/\.js$/, '')}`] = join(validatorsDist, 'standalone', file);
  }
  const explainers = [];
  const result = await build({
    ...CLI_BUILD_OPTIONS,
    entryPoints,
    absWorkingDir: repoRoot,
    outdir,
    plugins: [
      installedPackages,
      explainerOnFirstRejection(explainers),
      originalLocation,
      lazyChildProcess,
      lazyDiacritics,
    ],
  });
  rmSync(BUNDLE_ROOT, { recursive: true, force: true });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, relativise(withoutUnusedRequire(file.text), file.path));
  }
  // Node looks for the nearest package.json above every module it loads (for its "type"), one folder
  // at a time; one beside the files stops that walk at once (11 M fewer instructions per start).
  for (const dir of new Set(result.outputFiles.map((file) => dirname(file.path))))
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  cpSync(manifestPath, join(outdir, 'standalone/manifest.json'));
  for (const explainer of explainers) {
    const file = relative(join(validatorsDist, 'standalone'), explainer).replace(/\.js$/, '.cjs');
    await writeExplainer(explainer, join(outdir, 'standalone', file));
  }
  return result.outputFiles.length + explainers.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await bundleCli();
  process.stderr.write(`bundle-cli: ${files} files under ${relative(repoRoot, BUNDLE_ROOT)}\n`);
}
