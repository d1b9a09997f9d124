#!/usr/bin/env node
// Thin launcher so the `medsupply` bin exists from install time; the CLI itself is built to dist/.
import module from 'node:module';

// Node 22.1+ can keep the compiled code of the CLI's modules between runs (in the OS temp folder),
// which shortens every later start; Node 20 has no such API, so this is skipped there.
module.enableCompileCache?.();
import('../dist/main.js').then(
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
