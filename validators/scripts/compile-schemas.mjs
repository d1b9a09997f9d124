#!/usr/bin/env node
/**
 * Compiles every released schema to standalone validation modules at build time, so the runtime never
 * calls `new Function` (and never ships Ajv). Output (not committed):
 *
 *   dist/standalone/<version>/<DocumentType>.js   one ESM module per document type, default export = validate:
 *                                                  the fast checker (fast-checker.mjs) decides, and only a
 *                                                  record it rejects runs Ajv's code to explain why
 *   dist/standalone/<version>/<DocumentType>.ajv.js   Ajv's standalone code for that type (errors, messages)
 *   dist/standalone/manifest.json                 { versions: { "<version>": { "<DocumentType>": "<file>" } } }
 *   dist/standalone/<version>/identifier-systems.json   the release's registry of identifier systems (from
 *                                                  1.1.0), read by the business rules
 *
 * Formats are not inlined: the modules import them from dist/formats/index.js (our own code).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _ } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { AJV_OPTIONS, EXPLAINER_OPTIONS } from './ajv-options.mjs';
import { generateChecker } from './fast-checker.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const schemasRoot = resolve(packageRoot, '../schemas');
const outRoot = join(packageRoot, 'dist', 'standalone');
const formatsModule = join(packageRoot, 'dist', 'formats', 'index.js');

const DOCUMENT_FILES = {
  StockReport: 'stock-report.schema.json',
  CapacityReport: 'capacity-report.schema.json',
  Shipment: 'shipment.schema.json',
  ShortageNotice: 'shortage-notice.schema.json',
  DemandForecast: 'demand-forecast.schema.json',
};

const { formats } = await import(formatsModule);

function schemaFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? schemaFiles(join(dir, entry.name))
      : entry.name.endsWith('.schema.json')
        ? [join(dir, entry.name)]
        : [],
  );
}

function createAjv() {
  const ajv = new Ajv2020({
    ...AJV_OPTIONS,
    ...EXPLAINER_OPTIONS,
    code: { source: true, esm: true, formats: _`formats`, optimize: true },
    formats,
  });
  // Annotation read by the TypeScript generator only.
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  return ajv;
}

/** Bundles Ajv's small runtime helpers (ucs2length, deep equal) so the output needs nothing from Ajv. */
async function bundle(contents, sourcefile, external, id, minify = false) {
  const bundled = await build({
    stdin: { contents, resolveDir: packageRoot, sourcefile },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    external,
    legalComments: 'none',
    minifyWhitespace: minify,
    minifySyntax: minify,
    banner: {
      js: `// Generated at build time from ${id} by validators/scripts/compile-schemas.mjs. Do not edit.`,
    },
  });
  return bundled.outputFiles[0].text;
}

const sizes = { fast: 0, ajv: 0 };
const versions = readdirSync(schemasRoot).filter((name) => /^\d+\.\d+\.\d+$/.test(name));
rmSync(outRoot, { recursive: true, force: true });
const manifest = { versions: {} };
for (const version of versions) {
  const ajv = createAjv();
  const resources = new Map();
  for (const file of schemaFiles(join(schemasRoot, version))) {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    ajv.addSchema(schema);
    resources.set(schema.$id, schema);
  }
  manifest.versions[version] = {};
  for (const [documentType, file] of Object.entries(DOCUMENT_FILES)) {
    const id = `https://schemas.medsupply.org/${version}/${file}`;
    const validate = ajv.getSchema(id);
    if (!validate) throw new Error(`schema ${id} not found`);
    const outFile = join(outRoot, version, `${documentType}.js`);
    const ajvFile = join(outRoot, version, `${documentType}.ajv.js`);
    const formatsImport = relative(dirname(outFile), formatsModule).replaceAll('\\', '/');
    const formatsSpecifier = formatsImport.startsWith('.') ? formatsImport : `./${formatsImport}`;
    const source = `import { formats } from ${JSON.stringify(formatsSpecifier)};\n${standaloneCode(ajv, validate)}`;
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(ajvFile, await bundle(source, `${documentType}.ajv.js`, [formatsSpecifier], id));
    // Fails the build on any keyword the fast checker cannot check exactly as Ajv does.
    const checker = generateChecker({
      schemas: resources,
      roots: { check: id },
      formats: Object.keys(formats),
      formatsImport: formatsSpecifier,
    });
    const explainer = `./${documentType}.ajv.js`;
    const fast = `${checker.code}
import explain from ${JSON.stringify(explainer)};
/**
 * Validates one document: the fast check decides; a document it rejects is run through Ajv's code,
 * whose verdict and errors are reported (so issues are Ajv's, exactly as before).
 */
export default function validate(data) {
  if (check(data)) {
    validate.errors = null;
    return true;
  }
  const valid = explain(data);
  validate.errors = explain.errors;
  return valid;
}
`;
    writeFileSync(outFile, await bundle(fast, `${documentType}.js`, [formatsSpecifier, explainer], id, true));
    sizes.fast += statSync(outFile).size;
    sizes.ajv += statSync(ajvFile).size;
    manifest.versions[version][documentType] = relative(outRoot, outFile).replaceAll('\\', '/');
  }
  const registry = join(schemasRoot, version, 'identifier-systems.json');
  if (existsSync(registry)) copyFileSync(registry, join(outRoot, version, 'identifier-systems.json'));
}
writeFileSync(join(outRoot, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
// The same modules for bundlers (the browser playground): the manifest inline and one dynamic import
// per module, so a bundler can follow them and a page loads only the types it validates.
const importers = Object.values(manifest.versions)
  .flatMap((types) => Object.values(types))
  .map((file) => `  ${JSON.stringify(file)}: () => import(${JSON.stringify(`./${file}`)}),`)
  .join('\n');
writeFileSync(
  join(outRoot, 'browser.js'),
  `// Generated at build time by validators/scripts/compile-schemas.mjs. Do not edit.
const manifest = ${JSON.stringify(manifest)};
const importers = {
${importers}
};
/** The compiled schemas as a SchemaSource for createValidator (see src/browser.ts). */
export const schemaSource = {
  manifest,
  load(file) {
    const importer = Object.hasOwn(importers, file) ? importers[file] : undefined;
    if (!importer) return Promise.reject(new Error(\`no compiled schema module \${file}\`));
    return importer();
  },
};
`,
);
writeFileSync(
  join(outRoot, 'browser.d.ts'),
  `// Generated at build time by validators/scripts/compile-schemas.mjs. Do not edit.
import type { SchemaSource } from '../browser.js';
/** The compiled schemas as a SchemaSource for createValidator. */
export declare const schemaSource: SchemaSource;
`,
);
console.log(
  `compiled ${Object.keys(DOCUMENT_FILES).length * versions.length} validators for ${versions.join(', ')} (fast checkers ${kib(sizes.fast)}, Ajv explainers ${kib(sizes.ajv)})`,
);

function kib(bytes) {
  return `${Math.round(bytes / 1024)} KiB`;
}
