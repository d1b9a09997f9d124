/**
 * The dependency rules of `pnpm check:deps` (.dependency-cruiser.cjs) on a small tree laid out like the
 * repository: each rule fires on the import it forbids, and the imports the layer order allows pass.
 * The repository itself is checked by `pnpm check:deps`, which `pnpm test` runs.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

/** Files of the tree: path → the relative imports it makes. */
const TREE: Record<string, string[]> = {
  'packages/types/src/index.ts': ['../../registry/src/index.js'],
  'packages/registry/src/index.ts': [],
  'packages/types/src/wrong.ts': ['../../../validators/src/index.js'],
  'validators/src/index.ts': ['../../packages/types/src/index.js'],
  'validators/src/wrong.ts': ['../../adapters/gs1/src/index.js'],
  'adapters/gs1/src/index.ts': ['../../../validators/src/index.js'],
  'adapters/gs1/src/wrong.ts': ['../../fhir/src/index.js'],
  'adapters/fhir/src/index.ts': ['../../../validators/src/index.js', '../../../packages/types/src/index.js'],
  'adapters/fhir/src/wrong.ts': ['../../../packages/metrics/src/index.js'],
  'adapters/fhir/src/ring-a.ts': ['./ring-b.js'],
  'adapters/fhir/src/ring-b.ts': ['./ring-a.js'],
  'packages/metrics/src/index.ts': ['../../../adapters/gs1/src/index.js', '../../../validators/src/index.js'],
  'packages/forecast/src/index.ts': ['../../metrics/src/index.js'],
  'packages/server/src/index.ts': ['../../../adapters/fhir/src/index.js', '../../forecast/src/index.js'],
  'packages/server/src/wrong.ts': ['../../cli/src/main.js'],
  'packages/client/src/index.ts': ['../../types/src/index.js'],
  'packages/client/src/wrong.ts': ['../../server/src/index.js'],
  'packages/schema-diff/src/wrong.ts': ['../../../test/support/helper.js'],
  'packages/cli/src/main.ts': ['../../server/src/index.js', '../../../adapters/gs1/src/index.js'],
  'validators/src/engine.test.ts': ['../../adapters/fhir/src/index.js'],
  'test/support/helper.ts': [],
  'test/any.test.ts': ['../packages/cli/src/main.js', './support/helper.js'],
};

/** The violations the tree must raise: `rule from → to`. */
const EXPECTED = [
  'base-imports-nothing-above packages/types/src/wrong.ts → validators/src/index.ts',
  'validators-import-only-base validators/src/wrong.ts → adapters/gs1/src/index.ts',
  'adapters-independent adapters/gs1/src/wrong.ts → adapters/fhir/src/index.ts',
  'adapters-import-only-below adapters/fhir/src/wrong.ts → packages/metrics/src/index.ts',
  'no-circular adapters/fhir/src/ring-a.ts → adapters/fhir/src/ring-b.ts', // a cycle is reported once
  'nothing-imports-the-cli packages/server/src/wrong.ts → packages/cli/src/main.ts',
  'client-not-server packages/client/src/wrong.ts → packages/server/src/index.ts',
  'nothing-imports-tests packages/schema-diff/src/wrong.ts → test/support/helper.ts',
].sort();

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('pnpm check:deps (dependency rules by folder)', () => {
  let root = '';
  let violations: Violation[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'medsupply-layers-'));
    for (const [file, imports] of Object.entries(TREE)) {
      mkdirSync(join(root, dirname(file)), { recursive: true });
      const body = imports.map((target, i) => `import * as m${i} from '${target}';\nvoid m${i};\n`).join('');
      writeFileSync(join(root, file), `${body}export const name = '${file}';\n`);
    }
    const depcruise = join(repositoryRoot, 'node_modules', '.bin', 'depcruise');
    const config = join(repositoryRoot, '.dependency-cruiser.cjs');
    const run = await promisify(execFile)(
      depcruise,
      ['packages', 'validators', 'adapters', 'test', '--config', config, '--output-type', 'json'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  }, 120_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reports exactly the imports against the layer order, and every cycle', () => {
    expect(violations.map((v) => `${v.rule.name} ${v.from} → ${v.to}`).sort()).toEqual(EXPECTED);
  });

  it('lets tests, the CLI and the middle layer import what lies below them', () => {
    const from = new Set(violations.map((v) => v.from));
    for (const file of [
      'test/any.test.ts',
      'validators/src/engine.test.ts',
      'packages/cli/src/main.ts',
      'packages/server/src/index.ts',
      'packages/metrics/src/index.ts',
      'packages/client/src/index.ts',
      'packages/types/src/index.ts',
    ]) {
      expect(from.has(file), file).toBe(false);
    }
  });
});
