#!/usr/bin/env node
/** Fails (exit 1) when committed generated sources differ from what the generators produce now. */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const checks = [
  ['generated types', ['packages/types/scripts/generate.mjs', '--check']],
  ['reference docs', ['scripts/generate-docs.mjs', '--check']],
  ['schema diff rules', ['packages/schema-diff/scripts/generate-rules-doc.mjs', '--check']],
  ['bundled schemas and catalog', ['scripts/bundle-schemas.mjs', '--check']],
  ['generated API client', ['packages/client/scripts/generate.mjs', '--check']],
  ['UCUM unit table', ['validators/scripts/generate-ucum-table.mjs', '--check']],
];
let failed = false;
for (const [name, args] of checks) {
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    failed = true;
    console.error(`✗ ${name} drifted. Fix: run \`pnpm gen\` (after \`pnpm build\`) and commit the changes.`);
  } else console.log(`✓ ${name} up to date`);
}
process.exit(failed ? 1 : 0);
