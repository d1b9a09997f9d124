/**
 * The release gate (`pnpm check:release`) on the clean tree and on tampered copies of a release.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const GATE = join(repositoryRoot, 'scripts', 'check-release.mjs');
const SCHEMAS = join(repositoryRoot, 'schemas');
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const gate = (...args: string[]) => {
  const run = spawnSync(process.execPath, [GATE, ...args], { encoding: 'utf8', cwd: repositoryRoot });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

/** A copy of release 1.0.0 and its manifest in a temporary schemas root. */
function copyOfRelease(): string {
  const root = mkdtempSync(join(tmpdir(), 'medsupply-release-'));
  copies.push(root);
  cpSync(join(SCHEMAS, '1.0.0'), join(root, '1.0.0'), { recursive: true });
  cpSync(join(SCHEMAS, '1.0.0.sha256'), join(root, '1.0.0.sha256'));
  return root;
}

const edit = (path: string, change: (schema: { required: string[] }) => void) => {
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { required: string[] };
  change(schema);
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
};

describe('the release gate', () => {
  it('passes on the committed releases', () => {
    const run = gate();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('reads the schemaVersion pin moving with the release as compatible, and says so', () => {
    const root = copyOfRelease();
    cpSync(join(root, '1.0.0'), join(root, '1.0.1'), { recursive: true });
    const pin = join(root, '1.0.1', 'shipment.schema.json');
    writeFileSync(pin, readFileSync(pin, 'utf8').replace('"const": "1.0.0"', '"const": "1.0.1"'));
    gate('--root', root, '--seal', '1.0.1');
    const run = gate('--root', root);
    expect(run.stdout).toContain('RELEASE_VERSION_PIN_MOVED  Shipment /properties/schemaVersion/const');
    expect(run.code).toBe(0);
  });

  it('fails when a released file changed, naming the file and the way out', () => {
    const root = copyOfRelease();
    const file = join(root, '1.0.0', 'definitions', 'quantity.schema.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"description"', '"description" '));
    const run = gate('--root', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1.0.0/definitions/quantity.schema.json changed after release 1.0.0');
    expect(run.stderr).toContain('new version');
  });

  it('fails when a file was added to or removed from a released folder', () => {
    const root = copyOfRelease();
    writeFileSync(join(root, '1.0.0', 'extra.schema.json'), '{}\n');
    rmSync(join(root, '1.0.0', 'definitions', 'lot.schema.json'));
    const run = gate('--root', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1.0.0/extra.schema.json was added to released 1.0.0');
    expect(run.stderr).toContain('1.0.0/definitions/lot.schema.json was removed from released 1.0.0');
  });

  it('fails a minor release that breaks backward compatibility and prints the diff', () => {
    const root = copyOfRelease();
    cpSync(join(root, '1.0.0'), join(root, '1.0.1'), { recursive: true });
    edit(join(root, '1.0.1', 'shipment.schema.json'), (s) => {
      s.required.push('orderRef');
    });
    expect(gate('--root', root, '--seal', '1.0.1').code).toBe(0);
    const run = gate('--root', root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('schema diff 1.0.0 1.0.1');
    expect(run.stdout).toContain('REQUIRED_ATTRIBUTE_ADDED  Shipment');
    expect(run.stderr).toContain('release 1.0.1 is not backward compatible with 1.0.0');
  });

  it('accepts a breaking change in a new major release, still printing it', () => {
    const root = copyOfRelease();
    cpSync(join(root, '1.0.0'), join(root, '2.0.0'), { recursive: true });
    edit(join(root, '2.0.0', 'shipment.schema.json'), (s) => {
      s.required.push('orderRef');
    });
    gate('--root', root, '--seal', '2.0.0');
    const run = gate('--root', root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('REQUIRED_ATTRIBUTE_ADDED');
  });

  it('fails a release that has no manifest and says how to seal it', () => {
    const root = copyOfRelease();
    cpSync(join(root, '1.0.0'), join(root, '1.0.1'), { recursive: true });
    const run = gate('--root', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--seal 1.0.1');
  });

  it('refuses to reseal a sealed release', () => {
    expect(gate('--root', copyOfRelease(), '--seal', '1.0.0').code).toBe(2);
  });
});
