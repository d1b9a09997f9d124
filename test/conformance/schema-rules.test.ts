/**
 * The rules every released schema keeps: draft 2020-12, absolute versioned $id that matches its
 * path, every member described, objects closed (one namespaced extension point), anchored
 * patterns, and released files that never change.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const schemasRoot = join(repositoryRoot, 'schemas');
const ENVELOPE_ID = (release: string) =>
  `https://schemas.medsupply.org/${release}/definitions/envelope.schema.json`;
const releases = readdirSync(schemasRoot).filter((n) => /^\d+\.\d+\.\d+$/.test(n));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.schema.json') ? [join(dir, e.name)] : [],
  );
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

type Node = Record<string, unknown>;

/** Visits every subschema with its location, for readable failure messages. */
function visit(node: unknown, where: string, fn: (schema: Node, where: string) => void): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const schema = node as Node;
  fn(schema, where);
  for (const key of ['properties', '$defs', 'patternProperties']) {
    for (const [name, child] of Object.entries((schema[key] as Node | undefined) ?? {}))
      visit(child, `${where}/${key}/${name}`, fn);
  }
  // `if` subschemas are conditions, not definitions of members: they need no descriptions.
  for (const key of ['items', 'then', 'else', 'not', 'propertyNames', 'additionalProperties'])
    visit(schema[key], `${where}/${key}`, fn);
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    (schema[key] as unknown[] | undefined)?.forEach((c, i) => visit(c, `${where}/${key}/${i}`, fn));
}

describe.each(releases)('release %s', (release) => {
  const schemaFiles = files(join(schemasRoot, release));

  it.each(schemaFiles.map((f) => [relative(schemasRoot, f), f]))(
    '%s follows the schema rules',
    (_name, file) => {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as Node;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(
        `https://schemas.medsupply.org/${relative(schemasRoot, file).replaceAll('\\', '/')}`,
      );
      expect(typeof schema.title).toBe('string');
      visit(schema, '#', (node, where) => {
        for (const [name, member] of Object.entries((node.properties as Node | undefined) ?? {})) {
          expect(typeof (member as Node).description, `${where}/properties/${name} has no description`).toBe(
            'string',
          );
        }
        if (node.type === 'object' && node.properties) {
          const closed = node.additionalProperties === false || node.unevaluatedProperties === false;
          const isExtensionPoint = where.endsWith('/properties/extensions');
          // The envelope is only used through `allOf`; each document closes it with unevaluatedProperties.
          const isEnvelope = where === '#' && schema.$id === ENVELOPE_ID(release);
          expect(closed || isExtensionPoint || isEnvelope, `${where} is an open object`).toBe(true);
        }
        if (typeof node.pattern === 'string')
          expect(node.pattern, `${where} pattern is not anchored`).toMatch(/^\^.*\$$/s);
      });
    },
  );

  it('has not changed since release (checksums in schemas/<release>.sha256)', () => {
    const listed = readFileSync(join(schemasRoot, `${release}.sha256`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/) as [string, string]);
    // Every file of the release is frozen: its schemas and its data (such as identifier-systems.json).
    const actual = allFiles(join(schemasRoot, release))
      .map((f) => relative(schemasRoot, f).replaceAll('\\', '/'))
      .sort();
    expect(listed.map(([, path]) => path).sort()).toEqual(actual);
    for (const [hash, path] of listed) {
      const digest = createHash('sha256')
        .update(readFileSync(join(schemasRoot, path)))
        .digest('hex');
      expect(digest, `${path} changed after release ${release}; publish a new version instead`).toBe(hash);
    }
  });
});
