#!/usr/bin/env node
/**
 * Generates the reference docs that must never drift from the code:
 *   docs/reference/issue-codes.md          every issue code of every package (from their IssueCodeTables)
 *   docs/reference/schemas/<version>/*.md  one page per schema, member by member, for every release
 *   docs/reference/schemas/<version>/identifier-systems.md   the release's registry of identifier systems
 *   docs/reference/schemas/README.md       the releases, with their "what changed" pages
 *   docs/reference/schemas/changes/<v>.md  what changed in each release, from `schema diff`
 *   docs/reference/metrics.md              the indicator catalogue of @medsupply/metrics
 *
 *   node scripts/generate-docs.mjs          write them (needs `pnpm build` first: reads the packages' dist)
 *   node scripts/generate-docs.mjs --check  exit 1 when the committed files differ
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { changesPages } from './docs/changes-page.mjs';
import { metricsPage } from './docs/metrics-page.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BANNER =
  '<!-- GENERATED FILE - DO NOT EDIT. Run `pnpm gen` to regenerate (scripts/generate-docs.mjs). -->';
const PACKAGES = [
  ['@medsupply/validators', 'validators'],
  ['@medsupply/gs1', 'adapters/gs1'],
  ['@medsupply/fhir', 'adapters/fhir'],
  ['@medsupply/migrate', 'packages/migrate'],
  ['@medsupply/metrics', 'packages/metrics'],
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

/**
 * Text for a Markdown table cell: pipes escaped, one line, and `<` outside code spans as an entity
 * (the documentation site reads raw HTML in Markdown, so `<epcisbody>` would open an element).
 */
function escapeCell(text) {
  return String(text)
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;') : part))
    .join('`');
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

/** Released versions, oldest first. */
function releases() {
  return readdirSync(join(root, 'schemas'))
    .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The page of a release's registry of recommended identifier systems (schemas/<v>/identifier-systems.json).
 */
function identifierSystemsPage(registry, version) {
  const lines = [
    BANNER,
    '',
    `# Recommended identifier systems (${version})`,
    '',
    `From \`schemas/${version}/identifier-systems.json\`, part of release ${version}. Write these URIs in`,
    '`Identifier.system` (and `Coding.system` for code systems); validators check values of the systems that',
    'say so, and warn (`IDENTIFIER_SYSTEM_ALIAS`) when a known system is spelled another way.',
    '',
    '| key | system | name | identifies | scope | assigned by | value checked | example |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const s of registry.systems) {
    lines.push(
      `| \`${s.key}\` | \`${s.system}\` | ${escapeCell(s.name)} | ${s.kind.join(', ')} | ${s.scope} | ${escapeCell(s.authority)} | ${escapeCell(s.checked)} | \`${s.example}\` |`,
    );
  }
  const local = registry.localSystems;
  lines.push('', '## Codes of your own: local systems', '', local.description, '');
  lines.push(`Template: \`${local.template}\`, matching \`${local.pattern}\`.`, '');
  lines.push(
    `- \`{scheme}\`: ${local.schemes.map((k) => `\`${k}\``).join(', ')} (\`dns\`: a domain name the owner controls; the others: keys above).`,
    "- `{owner}`: the owner's identifier in that scheme (its GLN, D-U-N-S, domain name ...).",
    '- `{codeSet}`: lower-case name of the code set, chosen by the owner (`facility`, `product`, `program` ...).',
    '',
    'Validators warn (`IDENTIFIER_LOCAL_SYSTEM_INVALID`) when a `urn:medsupply:local:` system does not follow it.',
    '',
    '| system | means |',
    '|---|---|',
  );
  for (const e of local.examples) lines.push(`| \`${e.system}\` | ${escapeCell(e.meaning)} |`);
  lines.push(
    '',
    '## LMIS codes',
    '',
    registry.lmis.description,
    '',
    '| code set | for | example |',
    '|---|---|---|',
  );
  for (const c of registry.lmis.codeSets)
    lines.push(`| \`${c.codeSet}\` | ${escapeCell(c.for)} | \`${c.example}\` |`);
  return lines.join('\n');
}

/** The list of releases, each with its reference and, once generated, its "what changed" page. */
function releasesPage(versions) {
  const lines = [
    BANNER,
    '',
    '# Schema releases',
    '',
    'Released folders never change; a new release is a new folder. Each minor release is backward compatible',
    'with the one before (every document valid under the old release, apart from its `schemaVersion`, is valid',
    'under the new one); `medsupply migrate` moves documents between releases.',
    '',
    '| release | reference | what changed |',
    '|---|---|---|',
  ];
  versions.forEach((version, i) => {
    // "What changed" pages are generated below from `schema diff <previous> <version>`.
    const changed = i === 0 ? 'first release' : `[changes from ${versions[i - 1]}](changes/${version}.md)`;
    lines.push(`| ${version} | [reference](${version}/README.md) | ${changed} |`);
  });
  return lines.join('\n');
}

function schemaPages() {
  const pages = new Map();
  const schemasDir = join(root, 'schemas');
  pages.set(join(root, 'docs', 'reference', 'schemas', 'README.md'), releasesPage(releases()));
  for (const version of releases()) {
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
    const registryFile = join(schemasDir, version, 'identifier-systems.json');
    if (existsSync(registryFile)) {
      pages.set(
        join(root, 'docs', 'reference', 'schemas', version, 'identifier-systems.md'),
        identifierSystemsPage(JSON.parse(readFileSync(registryFile, 'utf8')), version),
      );
      index.push(
        `| [Identifier systems](identifier-systems.md) | \`${relative(root, registryFile)}\` | The registry of recommended identifier systems and local systems. |`,
      );
    }
    pages.set(join(root, 'docs', 'reference', 'schemas', version, 'README.md'), `${index.join('\n')}\n`);
  }
  return pages;
}

const outputs = schemaPages();
outputs.set(join(root, 'docs', 'reference', 'issue-codes.md'), await issueCodesPage());
outputs.set(join(root, 'docs', 'reference', 'metrics.md'), await metricsPage(root, BANNER));
for (const [version, page] of await changesPages(root, releases(), BANNER))
  outputs.set(join(root, 'docs', 'reference', 'schemas', 'changes', `${version}.md`), page);
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
