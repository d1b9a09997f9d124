#!/usr/bin/env node
/**
 * Builds dist/openapi.json from openapi.yaml: the canonical schemas the document references by `$id`
 * are embedded under components/schemas and every reference is rewritten to point inside the document,
 * for tools (linters, generators, the served /v1/openapi.json) that cannot resolve `$id`s on their own.
 * The source of truth stays openapi.yaml plus the released schema folders.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_ID_BASE, loadSchema } from '@medsupply/schema-registry';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const document = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'));

/** Component name of a schema `$id`: https://schemas.medsupply.org/1.0.0/definitions/party.schema.json → medsupply-1.0.0-party */
function componentName(id) {
  const relative = id.slice(SCHEMA_ID_BASE.length);
  const [version, ...rest] = relative.split('/');
  return `medsupply-${version}-${rest.at(-1).replace(/\.schema\.json$/, '')}`;
}

const embedded = new Map();
const pending = [];

/** Maps an absolute reference to a pointer inside the bundle, queueing the schema to embed. */
function internalRef(absolute) {
  const [id, fragment = ''] = absolute.split('#');
  if (!embedded.has(id)) {
    embedded.set(id, null);
    pending.push(id);
  }
  return `#/components/schemas/${componentName(id)}${fragment}`;
}

/** Rewrites every `$ref` in a value (resolving relative ones against `base`). */
function rewrite(value, base) {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, base));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === '$ref' && typeof member === 'string') {
      const absolute =
        member.startsWith('#') && base ? `${base}${member}` : new URL(member, base ?? 'x:/').href;
      out.$ref = absolute.startsWith(SCHEMA_ID_BASE) ? internalRef(absolute) : member;
    } else if (key === '$id' || key === '$schema') {
      // Kept as a plain annotation: an embedded `$id` would change how tools resolve the refs above.
      if (key === '$id') out['x-schema-id'] = member;
    } else if (key === 'tsType') {
      // The type generator's annotation; OpenAPI allows only `x-` extensions beside JSON Schema keywords.
      out['x-tsType'] = member;
    } else out[key] = rewrite(member, base);
  }
  return out;
}

const bundled = rewrite(document, undefined);
while (pending.length > 0) {
  const id = pending.shift();
  embedded.set(id, rewrite(loadSchema(id), id));
}
bundled.components.schemas = { ...bundled.components.schemas };
for (const [id, schema] of [...embedded].sort(([a], [b]) => a.localeCompare(b)))
  bundled.components.schemas[componentName(id)] = schema;

const outFile = join(root, 'dist', 'openapi.json');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(`${outFile}.tmp`, `${JSON.stringify(bundled, null, 2)}\n`);
renameSync(`${outFile}.tmp`, outFile);
console.log(`openapi: bundled ${embedded.size} canonical schemas into ${outFile}`);
