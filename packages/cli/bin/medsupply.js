#!/usr/bin/env node
// Thin launcher so the `medsupply` bin exists from install time; the CLI itself is built to dist/.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ can keep the compiled code of the CLI's modules between runs (in the OS temp folder),
// which shortens every later start; Node 20 has no such API, so this is skipped there.
module.enableCompileCache?.();
// `pnpm build` also bundles the CLI (scripts/bundle.mjs, decision 0023): a start then reads a dozen files
// instead of ~60 modules. The modules tsc wrote run when there is no bundle (an installed package) or
// when MEDSUPPLY_UNBUNDLED=1 asks for them.
const bundle = new URL('../dist/bundle/dist/cli/main.js', import.meta.url);
const entry = process.env.MEDSUPPLY_UNBUNDLED !== '1' && existsSync(bundle) ? bundle.href : '../dist/main.js';
import(entry).then(
  (cli) => cli.main(process.argv.slice(2)),
  (error) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(
        'medsupply: the CLI is not built yet; run `npx -y pnpm@10 build` in the repository first\n',
      );
      process.exitCode = 2;
    } else {
      throw error;
    }
  },
);
