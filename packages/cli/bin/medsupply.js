#!/usr/bin/env node
// Thin launcher so the `medsupply` bin exists from install time; the CLI itself is built to dist/.
import('../dist/main.js').then((cli) => cli.main(process.argv.slice(2)));
