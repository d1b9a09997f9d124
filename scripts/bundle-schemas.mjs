#!/usr/bin/env node
/**
 * Generates one self-contained schema per document type and release, for editors and for JSON Schema
 * tools that do not resolve `$ref`s across files, and the SchemaStore-style catalog that lists them:
 *
 *   schemas/bundled/<version>/<type>.schema.json   every definition it uses under `$defs`; every `$ref`
 *                                                   is a local JSON Pointer (#/$defs/...)
 *   schemas/catalog.json                            { schemas: [{ name, description, fileMatch, url, versions }] }
 *
 *   node scripts/bundle-schemas.mjs           write them
 *   node scripts/bundle-schemas.mjs --check   exit 1 when the committed files differ
 *
 * Bundles are derived, not released: the released folders stay the source of truth.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = join(root, 'schemas');
const ID_BASE = 'https://schemas.medsupply.org/';
const DOCUMENTS = {
  StockReport: 'stock-report.schema.json',
  CapacityReport: 'capacity-report.schema.json',
  Shipment: 'shipment.schema.json',
  ShortageNotice: 'shortage-notice.schema.json',
  DemandForecast: 'demand-forecast.schema.json',
};
/** Keywords only our own generators read; other tools (Ajv in strict mode) reject unknown keywords. */
const PRIVATE_KEYWORDS = new Set(['tsType']);

function releases() {
  return readdirSync(schemasDir)
    .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Every schema of a release by `$id`. */
function loadRelease(version) {
  const byId = new Map();
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.schema.json')) {
        const schema = JSON.parse(readFileSync(path, 'utf8'));
        byId.set(schema.$id, schema);
      }
    }
  };
  visit(join(schemasDir, version));
  return byId;
}

/** The bundle of one document type: the document schema with every resource it uses under `$defs`. */
function bundle(version, documentType, byId) {
  const rootId = `${ID_BASE}${version}/${DOCUMENTS[documentType]}`;
  const source = byId.get(rootId);
  if (!source) throw new Error(`${rootId} not found`);
  const embedded = new Map(); // resource $id -> $defs key
  const queue = [];
  const keyFor = (id) => {
    if (!embedded.has(id)) {
      const resource = byId.get(id);
      if (!resource) throw new Error(`${rootId}: $ref to unknown schema ${id}`);
      const key = resource.title;
      if ([...embedded.values()].includes(key) || Object.hasOwn(source.$defs ?? {}, key))
        throw new Error(`${rootId}: $defs name ${key} is taken twice`);
      embedded.set(id, key);
      queue.push(id);
    }
    return embedded.get(id);
  };
  /** Copies a subschema, rewriting `$ref`s (resolved against `base`) to pointers inside the bundle. */
  const rewrite = (node, base, selfPointer) => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, base, selfPointer));
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (PRIVATE_KEYWORDS.has(key)) continue;
      if (key === '$ref' && typeof value === 'string') {
        const target = new URL(value, base);
        const fragment = decodeURIComponent(target.hash.slice(1));
        target.hash = '';
        const id = target.href;
        const at = id === rootId ? '' : id === base ? selfPointer : `/$defs/${keyFor(id)}`;
        out.$ref = `#${at}${fragment}`;
      } else out[key] = rewrite(value, base, selfPointer);
    }
    return out;
  };
  const { $id: _id, $schema: _schema, ...body } = source;
  const result = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${ID_BASE}bundled/${version}/${DOCUMENTS[documentType]}`,
    $comment: `GENERATED FILE - DO NOT EDIT. Self-contained bundle of ${rootId} (every $ref points inside this file), made by scripts/bundle-schemas.mjs from schemas/${version}/. Run \`pnpm gen\` to regenerate.`,
    ...rewrite(body, rootId, ''),
  };
  const defs = { ...(result.$defs ?? {}) };
  while (queue.length > 0) {
    const id = queue.shift();
    const key = embedded.get(id);
    const { $id: _rid, $schema: _rschema, ...resource } = byId.get(id);
    defs[key] = rewrite(resource, id, `/$defs/${key}`);
  }
  result.$defs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
  return result;
}

/** The SchemaStore-style catalog: one entry per document type, the latest release as `url`. */
function catalog(versions) {
  const latest = versions.at(-1);
  const schemas = Object.entries(DOCUMENTS).map(([documentType, file]) => {
    const base = file.replace('.schema.json', '');
    const source = JSON.parse(readFileSync(join(schemasDir, latest, file), 'utf8'));
    const available = versions.filter((v) => existsSync(join(schemasDir, v, file)));
    return {
      name: `medsupply ${documentType}`,
      description: source.description,
      fileMatch: [`*.${base}.json`, `**/medsupply/${base}/*.json`],
      url: `${ID_BASE}bundled/${latest}/${file}`,
      versions: Object.fromEntries(available.map((v) => [v, `${ID_BASE}bundled/${v}/${file}`])),
    };
  });
  return {
    $schema: 'https://json.schemastore.org/schema-catalog.json',
    version: 1,
    $comment:
      'GENERATED FILE - DO NOT EDIT. The medsupply document schemas for editors, in the SchemaStore catalog format; each url is a self-contained bundle (schemas/bundled/<version>/). Made by scripts/bundle-schemas.mjs.',
    schemas,
  };
}

const outputs = new Map();
const versions = releases();
for (const version of versions) {
  const byId = loadRelease(version);
  for (const [documentType, file] of Object.entries(DOCUMENTS)) {
    if (!byId.has(`${ID_BASE}${version}/${file}`)) continue;
    outputs.set(join(schemasDir, 'bundled', version, file), bundle(version, documentType, byId));
  }
}
outputs.set(join(schemasDir, 'catalog.json'), catalog(versions));

const check = process.argv.includes('--check');
let drift = 0;
for (const [file, content] of outputs) {
  const text = `${JSON.stringify(content, null, 2)}\n`;
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      drift++;
      console.error(`drift: ${relative(root, file)}`);
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
if (drift) {
  console.error('Bundled schemas are out of date. Run `pnpm gen` and commit the result.');
  process.exit(1);
}
if (!check) console.log(`wrote ${outputs.size} bundled schemas and the catalog`);
