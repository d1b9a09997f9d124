#!/usr/bin/env node
/**
 * Writes docs/reference/schema-diff.md from the rule table of @medsupply/schema-diff (run `pnpm build`
 * first). With --check, fails (exit 1) when the committed page differs instead of writing it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const entry = join(repo, 'packages', 'schema-diff', 'dist', 'index.js');
if (!existsSync(entry)) {
  console.error(`${entry} missing: run \`pnpm build\` first`);
  process.exit(2);
}
const { DIFF_RULES, schemaDiffIssueCodes } = await import(pathToFileURL(entry).href);
const target = join(repo, 'docs', 'reference', 'schema-diff.md');
const effect = (value) =>
  value === true ? 'compatible' : value === false ? '**breaks**' : 'depends (see the diff)';

const lines = [
  '<!-- GENERATED FILE - DO NOT EDIT. Run `pnpm gen` to regenerate (packages/schema-diff/scripts/generate-rules-doc.mjs). -->',
  '',
  '# Schema diff rules',
  '',
  '`medsupply schema diff OLD NEW` reports every change between two JSON Schemas (or two releases) under one',
  'of these rule ids. **Backward** compatible: every instance valid under OLD stays valid under NEW (no',
  'producer breaks). **Forward** compatible: every instance valid under NEW is valid under OLD (consumers',
  'still on OLD do not break). The columns give the effect of a change read from OLD to NEW; the diff also',
  'reads NEW to OLD and reports the forward effect of each change it finds. Rule ids are stable and follow',
  'the names established schema registries use; the conventions are explained in',
  '[decision 0007](../decisions/0007-schema-diff-rules.md).',
  '',
  '| rule | backward | forward | meaning |',
  '|---|---|---|---|',
  ...Object.entries(DIFF_RULES).map(
    ([rule, info]) =>
      `| \`${rule}\` | ${effect(info.backward)} | ${effect(info.forward)} | ${info.summary.replace(/\|/g, '\\|')} |`,
  ),
  '',
  '## Errors',
  '',
  'A diff that cannot be computed exits 2 with one of these codes:',
  '',
  '| code | meaning |',
  '|---|---|',
  ...Object.entries(schemaDiffIssueCodes).map(([code, info]) => `| \`${code}\` | ${info.description} |`),
  '',
];
const text = lines.join('\n');
if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
    console.error('drift: docs/reference/schema-diff.md');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log('wrote docs/reference/schema-diff.md');
}
