#!/usr/bin/env node
/**
 * Generates the reference docs that must never drift from the code:
 *   docs/reference/issue-codes.md          every issue code of every package (from their IssueCodeTables)
 *   docs/reference/schemas/<version>/*.md  one page per schema, member by member
 *
 *   node scripts/generate-docs.mjs          write them (needs `pnpm build` first: reads the packages' dist)
 *   node scripts/generate-docs.mjs --check  exit 1 when the committed files differ
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BANNER =
  '<!-- GENERATED FILE - DO NOT EDIT. Run `pnpm gen` to regenerate (scripts/generate-docs.mjs). -->';
const PACKAGES = [
  ['@medsupply/validators', 'validators'],
  ['@medsupply/gs1', 'adapters/gs1'],
  ['@medsupply/fhir', 'adapters/fhir'],
  ['@medsupply/server', 'packages/server'],
];

async function issueCodesPage() {
  const lines = [BANNER, '', '# Issue codes', ''];
  lines.push(
    'Every problem medsupply reports has the shape `{ severity, code, path, message, params? }`, where `path` is a',
  );
  lines.push(
    'JSON Pointer (RFC 6901) into the record. Codes are stable: never renamed or reused. Severity `error` makes a',
  );
  lines.push('record invalid; `warning` and `info` do not.', '');
  for (const [name, dir] of PACKAGES) {
    const entry = join(root, dir, 'dist', 'index.js');
    if (!existsSync(entry)) throw new Error(`${entry} missing: run \`pnpm build\` first`);
    const module = await import(pathToFileURL(entry).href);
    const tables = Object.entries(module)
      .filter(([exportName, value]) => exportName.endsWith('IssueCodes') && isCodeTable(value))
      .sort(([a], [b]) => a.localeCompare(b));
    for (const [exportName, table] of tables) {
      lines.push(`## ${name} — \`${exportName}\``, '', '| code | severity | meaning |', '|---|---|---|');
      for (const [code, info] of Object.entries(table))
        lines.push(`| \`${code}\` | ${info.severity} | ${escapeCell(info.description)} |`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

/** An IssueCodeTable: every entry has a severity and a description. */
function isCodeTable(value) {
  if (!value || typeof value !== 'object') return false;
  const entries = Object.values(value);
  return (
    entries.length > 0 &&
    entries.every((e) => e && typeof e.severity === 'string' && typeof e.description === 'string')
  );
}

function escapeCell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function describeType(schema) {
  if (!schema || typeof schema !== 'object') return '';
  if (schema.$ref)
    return `[${schema.$ref.split('/').pop().replace('.schema.json', '').replace('#', '')}](${refLink(schema.$ref)})`;
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(', ');
  if (schema.anyOf) return schema.anyOf.map(describeType).join(' or ');
  if (schema.type === 'array') return `array of ${describeType(schema.items) || 'values'}`;
  const parts = [schema.type ?? ''];
  if (schema.format) parts.push(`(${schema.format})`);
  if (schema.pattern) parts.push(`matching \`${schema.pattern}\``);
  return parts.join(' ').trim();
}

function refLink(ref) {
  const [file, fragment] = ref.split('#');
  const page = file ? file.split('/').pop().replace('.schema.json', '.md') : '';
  return `${page}${fragment ? `#${fragment.split('/').pop().toLowerCase()}` : ''}`;
}

function constraints(schema) {
  const out = [];
  for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems']) {
    if (schema?.[key] !== undefined) out.push(`${key} ${schema[key]}`);
  }
  if (schema?.uniqueItems) out.push('unique');
  return out.join(', ');
}

function memberRows(schema, prefix, rows) {
  const required = new Set(schema?.required ?? []);
  for (const [name, member] of Object.entries(schema?.properties ?? {})) {
    const path = `${prefix}/${name}`;
    rows.push(
      `| \`${path}\` | ${required.has(name) ? 'yes' : ''} | ${escapeCell(describeType(member))} | ${escapeCell(constraints(member))} | ${escapeCell(member.description ?? '')} |`,
    );
    if (member.type === 'object' && member.properties) memberRows(member, path, rows);
    if (member.type === 'array' && member.items?.type === 'object')
      memberRows(member.items, `${path}/*`, rows);
  }
}

function schemaPage(schema, version) {
  const lines = [
    BANNER,
    '',
    `# ${schema.title} (${version})`,
    '',
    schema.description ?? '',
    '',
    `\`$id\`: \`${schema.$id}\``,
    '',
  ];
  const bases = (schema.allOf ?? [])
    .filter((s) => s.$ref)
    .map((s) => `[${s.$ref.split('/').pop()}](${refLink(s.$ref)})`);
  if (bases.length) lines.push(`Includes the members of ${bases.join(', ')}.`, '');
  lines.push('| member | required | type | constraints | description |', '|---|---|---|---|---|');
  const rows = [];
  memberRows(schema, '', rows);
  lines.push(...rows, '');
  for (const [name, def] of Object.entries(schema.$defs ?? {})) {
    lines.push(`## ${name}`, '', def.description ?? '', '');
    if (def.properties) {
      lines.push('| member | required | type | constraints | description |', '|---|---|---|---|---|');
      const defRows = [];
      memberRows(def, '', defRows);
      lines.push(...defRows, '');
    } else {
      lines.push(`Type: ${describeType(def) || 'see the schema'}.`, '');
    }
  }
  if (schema.allOf?.some((s) => s.if)) {
    lines.push(
      '## Conditional rules',
      '',
      'Per-system rules are in the schema (`allOf` of `if`/`then`); see the JSON file for the exact patterns.',
      '',
    );
  }
  return lines.join('\n');
}

function schemaPages() {
  const pages = new Map();
  const schemasDir = join(root, 'schemas');
  for (const version of readdirSync(schemasDir).filter((n) => /^\d+\.\d+\.\d+$/.test(n))) {
    const index = [
      BANNER,
      '',
      `# Schema reference, release ${version}`,
      '',
      '| schema | file | description |',
      '|---|---|---|',
    ];
    const visit = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (entry.name.endsWith('.schema.json')) {
          const schema = JSON.parse(readFileSync(path, 'utf8'));
          const page = entry.name.replace('.schema.json', '.md');
          pages.set(join(root, 'docs', 'reference', 'schemas', version, page), schemaPage(schema, version));
          index.push(
            `| [${schema.title}](${page}) | \`${relative(root, path)}\` | ${escapeCell(schema.description ?? '')} |`,
          );
        }
      }
    };
    visit(join(schemasDir, version));
    pages.set(join(root, 'docs', 'reference', 'schemas', version, 'README.md'), `${index.join('\n')}\n`);
  }
  return pages;
}

const outputs = schemaPages();
outputs.set(join(root, 'docs', 'reference', 'issue-codes.md'), await issueCodesPage());
const check = process.argv.includes('--check');
let drift = 0;
for (const [file, content] of outputs) {
  const text = content.endsWith('\n') ? content : `${content}\n`;
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
  console.error('Reference docs are out of date. Run `pnpm gen` and commit the result.');
  process.exit(1);
}
if (!check) console.log(`wrote ${outputs.size} reference pages`);
