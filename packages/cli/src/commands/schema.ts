/**
 * `medsupply schema diff OLD NEW` (two JSON Schema files, or two releases by version) and
 * `medsupply schemas` (the releases and their document types).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  SchemaDiffError,
  type SchemaDiffResult,
  type SchemaDocument,
  type SchemaInput,
  diffReleases,
  diffSchemas,
  formatText,
  loadRelease,
} from '@medsupply/schema-diff';
import { documentTypes, releasedVersions, schemaId } from '@medsupply/schema-registry';
import { type Command, Option } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';

/** Largest schema file read (schemas are small; this bounds memory on a wrong argument). */
const MAX_SCHEMA_BYTES = 16 * 1024 * 1024;
/** Most files a schema's relative `$ref`s may pull in. */
const MAX_REFERENCED_FILES = 256;
const VERSION = /^\d+\.\d+\.\d+$/;

interface DiffCommandOptions {
  format: 'text' | 'json';
  failOn: 'backward' | 'forward' | 'either';
}

/** Registers `medsupply schema diff`. */
export function registerSchemaCommand(program: Command): void {
  const schema = program.command('schema').description('Work with JSON Schemas and medsupply releases');
  schema
    .command('diff')
    .description(
      'Compare two JSON Schemas (files, draft-07/2019-09/2020-12) or two releases (e.g. 1.0.0 1.1.0): every change ' +
        'with its rule, JSON Pointers and effect on backward compatibility (instances valid under OLD stay valid) ' +
        'and forward compatibility (instances valid under NEW are valid under OLD). Exit 0 when compatible, ' +
        '1 when not (see --fail-on), 2 on errors.',
    )
    .argument('<old>', 'the old schema file, or a release version')
    .argument('<new>', 'the new schema file, or a release version')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option('--fail-on <kind>', 'which incompatibility exits 1')
        .choices(['backward', 'forward', 'either'])
        .default('backward'),
    )
    .action((oldArg: string, newArg: string, options: DiffCommandOptions) => {
      const result = runSchemaDiff(oldArg, newArg);
      writeOut(options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
      const { backward, forward } = result.compatibility;
      const failed =
        options.failOn === 'backward'
          ? !backward
          : options.failOn === 'forward'
            ? !forward
            : !(backward && forward);
      raiseExitCode(failed ? ExitCode.invalid : ExitCode.ok);
    });
}

/** Registers `medsupply schemas`. */
export function registerSchemasCommand(program: Command): void {
  program
    .command('schemas')
    .description('List the releases of the standard and the document types each defines')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      const versions = releasedVersions();
      const releases = versions.map((version) => ({
        version,
        documentTypes: documentTypes(version).map((documentType) => ({
          documentType,
          schemaId: schemaId(documentType, version),
        })),
      }));
      if (options.format === 'json') {
        writeOut(`${JSON.stringify({ latest: versions.at(-1) ?? null, releases }, null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      for (const release of releases) {
        const latest = release.version === versions.at(-1) ? ' (latest)' : '';
        lines.push(`${release.version}${latest}`);
        for (const type of release.documentTypes) lines.push(`  ${type.documentType}  ${type.schemaId}`);
      }
      writeOut(`${lines.join('\n')}\n`);
    });
}

/** Writes the report; a reader that stops early (`| head`) is not an error. */
function writeOut(text: string): void {
  process.stdout.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(text);
}

/**
 * Diffs two arguments: two existing files, or two release versions. Problems (missing file, bad
 * JSON, unknown release, unresolvable `$ref`) become UsageErrors, which exit 2.
 */
export function runSchemaDiff(oldArg: string, newArg: string): SchemaDiffResult {
  const oldIsRelease = VERSION.test(oldArg) && !existsSync(oldArg);
  const newIsRelease = VERSION.test(newArg) && !existsSync(newArg);
  try {
    if (oldIsRelease && newIsRelease) return diffReleases(loadRelease(oldArg), loadRelease(newArg));
    if (oldIsRelease !== newIsRelease) {
      const release = oldIsRelease ? oldArg : newArg;
      if (!releasedVersions().includes(release))
        throw new UsageError(`no release ${release} and no such file`);
      throw new UsageError('compare two schema files or two releases, not one of each');
    }
    return diffSchemas(readSchemaInput(oldArg), readSchemaInput(newArg));
  } catch (error) {
    if (error instanceof SchemaDiffError) {
      throw new UsageError(`${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message}`);
    }
    throw error;
  }
}

/** Reads a schema file and every local file its relative `$ref`s name. */
function readSchemaInput(path: string): SchemaInput {
  const root = readSchemaFile(path);
  const documents: SchemaDocument[] = [];
  const loaded = new Set([root.uri]);
  const queue = [root];
  while (queue.length > 0) {
    const doc = queue.shift()!;
    for (const uri of localRefTargets(doc)) {
      if (loaded.has(uri)) continue;
      loaded.add(uri);
      const file = fileURLToPath(uri);
      if (!existsSync(file)) continue; // reported as DIFF_REF_UNRESOLVED by the diff, with its pointer
      if (loaded.size > MAX_REFERENCED_FILES)
        throw new UsageError(`${path}: $refs reach more than ${MAX_REFERENCED_FILES} files`);
      const next = readSchemaFile(file);
      documents.push(next);
      queue.push(next);
    }
  }
  return { root, documents };
}

function readSchemaFile(path: string): SchemaDocument {
  const absolute = resolvePath(path);
  if (!existsSync(absolute)) throw new UsageError(`${path}: no such file`);
  if (statSync(absolute).size > MAX_SCHEMA_BYTES)
    throw new UsageError(`${path}: larger than ${MAX_SCHEMA_BYTES} bytes`);
  const text = readFileSync(absolute, 'utf8');
  try {
    return { uri: pathToFileURL(absolute).href, schema: JSON.parse(text) };
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${describeJsonError(error as Error, text)})`);
  }
}

/** Names line and column of a JSON syntax error (Node reports only an offset). */
function describeJsonError(error: Error, text: string): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const offset =
    position !== undefined ? Number(position) : /end of JSON/.test(error.message) ? text.length : undefined;
  if (offset === undefined) return error.message;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${error.message.replace(/[\u0000-\u001f]/g, ' ')}`;
}

/** file: URIs of the documents a schema's `$ref`s point to outside itself (no `$id`: relative to the file). */
function localRefTargets(doc: SchemaDocument): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, base: string, depth: number) => {
    if (depth > 128 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, base, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    let here = base;
    if (typeof record.$id === 'string') {
      try {
        here = new URL(record.$id, base).href;
      } catch {
        // an unparsable $id leaves the base as it was
      }
    }
    if (typeof record.$ref === 'string' && !record.$ref.startsWith('#')) {
      try {
        const target = new URL(record.$ref, here);
        if (target.protocol === 'file:') found.add(target.href.split('#')[0]!);
      } catch {
        // the diff reports it as unresolved
      }
    }
    for (const [key, child] of Object.entries(record)) {
      if (key !== 'enum' && key !== 'const' && key !== 'examples' && key !== 'default')
        visit(child, here, depth + 1);
    }
  };
  visit(doc.schema, doc.uri, 0);
  return [...found];
}
