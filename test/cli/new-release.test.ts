/**
 * scripts/new-release.mjs, the first and last step of a release in docs/guides/standards-bodies.md:
 * it starts a release from the latest one and freezes it, in a copy of the schemas folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const name of ['1.0.0', '1.1.0', '1.0.0.sha256', '1.1.0.sha256', 'migrations'])
  cpSync(join(repositoryRoot, 'schemas', name), join(dir, name), { recursive: true });

const run = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [join(repositoryRoot, 'scripts', 'new-release.mjs'), '--schemas', dir, ...args],
    {
      encoding: 'utf8',
    },
  );

describe('scripts/new-release.mjs', () => {
  it('starts the next release from the latest, with its own $ids, version consts and an empty migration file', () => {
    expect(run('1.2.0').status).toBe(0);
    const shipment = JSON.parse(readFileSync(join(dir, '1.2.0', 'shipment.schema.json'), 'utf8'));
    expect(shipment.$id).toBe('https://schemas.medsupply.org/1.2.0/shipment.schema.json');
    expect(shipment.properties.schemaVersion.const).toBe('1.2.0');
    expect(JSON.stringify(shipment)).not.toContain('schemas.medsupply.org/1.1.0/');
    const migration = JSON.parse(readFileSync(join(dir, 'migrations', '1.2.0.json'), 'utf8'));
    expect(migration).toMatchObject({ from: '1.1.0', to: '1.2.0', changes: { '*': [] } });
  });

  it('freezes a release once, with the same manifest format as the released ones', () => {
    rmSync(join(dir, '1.1.0.sha256'));
    expect(run('--freeze', '1.1.0').status).toBe(0);
    expect(readFileSync(join(dir, '1.1.0.sha256'), 'utf8')).toBe(
      readFileSync(join(repositoryRoot, 'schemas', '1.1.0.sha256'), 'utf8'),
    );
    const again = run('--freeze', '1.1.0');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already frozen');
  });

  it('refuses a version that does not come after the latest release', () => {
    const older = run('1.0.5');
    expect(older.status).toBe(2);
    expect(existsSync(join(dir, '1.0.5'))).toBe(false);
  });
});
