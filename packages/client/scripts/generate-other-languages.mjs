#!/usr/bin/env node
/**
 * `pnpm clients:generate`: Java, Python, C# and Go clients from the bundled OpenAPI document, with
 * @openapitools/openapi-generator-cli and the generators in openapitools.json. The generator is a
 * Java program: it needs a JRE (11+) and downloads its jar (version pinned in openapitools.json) from
 * Maven Central on first use. Output goes to packages/client/generated-clients/<language> (not committed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, '..', 'openapi', 'dist', 'openapi.json'))) {
  console.error('the OpenAPI bundle is missing: run `pnpm build` first');
  process.exit(2);
}
// Without arguments every generator of openapitools.json runs; `-- --generator-key java` picks one.
const run = spawnSync(
  'npx',
  ['-y', '@openapitools/openapi-generator-cli@2', 'generate', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 2);
