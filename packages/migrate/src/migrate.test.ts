import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { releasedVersions, schemasRoot } from '@medsupply/schema-registry';
import { type Validator, createValidator } from '@medsupply/validators';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type MigrationFile,
  checkMigrationFile,
  createMigrator,
  loadMigrationFiles,
  migrateChecked,
  migrationsRoot,
} from './index.js';

function fixtures(version: string, kind: 'valid' | 'invalid'): Array<[string, Record<string, unknown>]> {
  const root = join(schemasRoot(), 'fixtures', version);
  return readdirSync(root)
    .sort()
    .flatMap((folder) =>
      readdirSync(join(root, folder, kind))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => {
          const content = JSON.parse(readFileSync(join(root, folder, kind, f), 'utf8'));
          return [`${folder}/${f}`, kind === 'valid' ? content : content.document] as [
            string,
            Record<string, unknown>,
          ];
        }),
    );
}

const codes = (issues: ReadonlyArray<{ code: string; path: string }>) =>
  issues.map((i) => `${i.code} ${i.path}`);

let validator: Validator;
beforeAll(async () => {
  validator = await createValidator({ preload: false });
});

describe('the migration files', () => {
  const files = loadMigrationFiles();

  it('exist for every release after the first, one per release, and chain', () => {
    const versions = releasedVersions();
    expect(files.map((f) => f.to).sort()).toEqual(versions.slice(1));
    for (const file of files) expect(versions[versions.indexOf(file.to) - 1]).toBe(file.from);
  });

  it('follow their JSON Schema and the checks beyond it', () => {
    const schema = JSON.parse(readFileSync(join(migrationsRoot(), 'migration.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    for (const file of files) {
      expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
      expect(checkMigrationFile(file)).toEqual([]);
    }
  });

  it('rejects a value map that cannot be reversed, and a rename to a path', () => {
    const bad = {
      fileFormat: '1.0.0',
      from: '1.0.0',
      to: '1.1.0',
      changes: {
        Shipment: [
          { op: 'mapValues', path: '/status', map: { a: 'x', b: 'x' } },
          { op: 'rename', path: '/a', to: 'b/c' },
        ],
      },
    } as MigrationFile;
    expect(checkMigrationFile(bad)).toEqual([
      'changes.Shipment[0]: map is not reversible',
      'changes.Shipment[1]: rename needs a plain member name in to',
    ]);
  });
});

describe('upgrading 1.0.0 to 1.1.0', () => {
  const migrator = createMigrator();

  it.each(fixtures('1.0.0', 'valid'))(
    'valid 1.0.0 %s validates as 1.1.0 after migration',
    async (_name, doc) => {
      const result = await migrateChecked(migrator, validator, doc, '1.1.0');
      expect(result.issues).toEqual([]);
      expect(result.document).toEqual({ ...doc, schemaVersion: '1.1.0' });
      expect(result.changed).toBe(true);
    },
  );

  it('leaves the input untouched and keeps member order', () => {
    const [, doc] = fixtures('1.0.0', 'valid')[0]!;
    const before = JSON.stringify(doc);
    const result = migrator.migrate(doc, '1.1.0');
    expect(JSON.stringify(doc)).toBe(before);
    expect(Object.keys(result.document!)).toEqual(Object.keys(doc));
  });

  it('round-trips: 1.0.0 → 1.1.0 → 1.0.0 gives the document back', () => {
    for (const [, doc] of fixtures('1.0.0', 'valid')) {
      const up = migrator.migrate(doc, '1.1.0').document!;
      expect(migrator.migrate(up, '1.0.0').document).toEqual(doc);
    }
  });

  it('does not write an invalid 1.0.0 document: it is invalid after migration too', async () => {
    const [, doc] = fixtures('1.0.0', 'invalid').find(
      ([n]) => n === 'shipment/received-more-than-shipped.json',
    )!;
    const result = await migrateChecked(migrator, validator, doc, '1.1.0');
    expect(result.document).toBeUndefined();
    expect(codes(result.issues)).toEqual(['MIGRATION_OUTPUT_INVALID /lines/0/quantityReceived']);
    expect(result.issues[0]!.params).toMatchObject({ code: 'RECEIVED_EXCEEDS_SHIPPED' });
  });

  it('points a $schema at the target release', () => {
    const doc = {
      schemaVersion: '1.1.0',
      $schema: 'https://schemas.medsupply.org/1.1.0/shipment.schema.json',
    };
    expect(migrator.migrate(doc, '1.1.0').document!.$schema).toBe(doc.$schema);
    for (const base of ['https://schemas.medsupply.org/', 'https://schemas.medsupply.org/bundled/']) {
      const old = { schemaVersion: '1.0.0', $schema: `${base}1.0.0/shipment.schema.json` };
      expect(migrator.migrate(old, '1.1.0').document!.$schema).toBe(`${base}1.1.0/shipment.schema.json`);
    }
    const other = { ...doc, $schema: 'https://example.org/mine.json' };
    // Dropped going down (an editor hint, 1.0.0 has no place for it), whatever it names.
    expect(migrator.migrate(other, '1.0.0').document).toEqual({ schemaVersion: '1.0.0' });
  });

  it('says why a document cannot be migrated: no or unknown schemaVersion', () => {
    expect(codes(migrator.migrate({ documentType: 'Shipment' }, '1.1.0').issues)).toEqual([
      'MIGRATION_SOURCE_VERSION_UNKNOWN /schemaVersion',
    ]);
    expect(codes(migrator.migrate({ schemaVersion: '0.9.0' }, '1.1.0').issues)).toEqual([
      'MIGRATION_SOURCE_VERSION_UNKNOWN /schemaVersion',
    ]);
    expect(codes(migrator.migrate([], '1.1.0').issues)).toEqual(['NOT_AN_OBJECT ']);
  });
});

describe('downgrading 1.1.0 to 1.0.0', () => {
  const migrator = createMigrator();
  const byName = new Map(fixtures('1.1.0', 'valid'));

  it('reports every member and value 1.0.0 has no place for, and writes nothing', () => {
    const result = migrator.migrate(
      byName.get('shortage-notice/anticipated-shortage-avoided-before-start.json')!,
      '1.0.0',
    );
    expect(result.document).toBeUndefined();
    expect(codes(result.issues)).toEqual([
      'MIGRATION_INFORMATION_LOST /language',
      'MIGRATION_INFORMATION_LOST /identifiers',
      'MIGRATION_INFORMATION_LOST /translations',
      'MIGRATION_INFORMATION_LOST /status',
    ]);
  });

  it('reports what 1.0.0 cannot express, with the release note that explains it', async () => {
    const result = await migrateChecked(
      migrator,
      validator,
      byName.get('stock-report/snapshot-counted-on-a-day-without-reporter.json')!,
      '1.0.0',
    );
    expect(result.document).toBeUndefined();
    expect(codes(result.issues)).toEqual([
      'MIGRATION_OUTPUT_INVALID /reporter',
      'MIGRATION_OUTPUT_INVALID /asOf',
    ]);
    expect(result.issues[1]!.message).toContain('a calendar date is accepted from 1.1.0');
  });

  it('downgrades a 1.1.0 document that uses nothing new, losslessly', async () => {
    const up = createMigrator().migrate(fixtures('1.0.0', 'valid')[0]![1], '1.1.0').document!;
    const result = await migrateChecked(migrator, validator, { ...up, $schema: 'x:y' }, '1.0.0');
    expect(result.issues).toEqual([]);
    expect(result.document).toEqual(fixtures('1.0.0', 'valid')[0]![1]);
  });

  it('fails every 1.1.0 fixture that needs 1.1.0, and never writes an invalid document', async () => {
    for (const [name, doc] of byName) {
      const result = await migrateChecked(migrator, validator, doc, '1.0.0');
      expect(result.document, name).toBeUndefined();
      expect(result.issues.length, name).toBeGreaterThan(0);
    }
  });
});

describe('the change operations', () => {
  const file: MigrationFile = {
    fileFormat: '1.0.0',
    from: '1.0.0',
    to: '1.1.0',
    changes: {
      '*': [{ op: 'setDefault', path: '/confidentiality', value: 'restricted' }],
      Shipment: [
        { op: 'rename', path: '/lines/*/qty', to: 'quantity' },
        { op: 'move', from: '/lines/*/batch', to: '/lines/*/lot/lotNumber' },
        { op: 'mapValues', path: '/status', map: { delivered: 'received' } },
        { op: 'removed', path: '/legacy', note: 'no longer exchanged' },
      ],
    },
  };
  const migrator = createMigrator({ files: [file], versions: ['1.0.0', '1.1.0'] });
  const old = {
    schemaVersion: '1.0.0',
    documentType: 'Shipment',
    status: 'delivered',
    lines: [
      { qty: 1, batch: 'A1' },
      { qty: 2, batch: 'B2' },
    ],
  };

  it('apply forward: rename, move under wildcards, value map and default', () => {
    expect(migrator.migrate(old, '1.1.0').document).toEqual({
      schemaVersion: '1.1.0',
      documentType: 'Shipment',
      status: 'received',
      lines: [
        { quantity: 1, lot: { lotNumber: 'A1' } },
        { quantity: 2, lot: { lotNumber: 'B2' } },
      ],
      confidentiality: 'restricted',
    });
  });

  it('apply in reverse to give the old document back', () => {
    const up = migrator.migrate(old, '1.1.0').document!;
    expect(migrator.migrate(up, '1.0.0').document).toEqual(old);
  });

  it('report a removed member going up, and a rename onto an existing member', () => {
    expect(codes(migrator.migrate({ ...old, legacy: 1 }, '1.1.0').issues)).toEqual([
      'MIGRATION_INFORMATION_LOST /legacy',
    ]);
    const clash = { ...old, lines: [{ qty: 1, quantity: 1 }] };
    expect(codes(migrator.migrate(clash, '1.1.0').issues)).toEqual(['MIGRATION_CONFLICT /lines/0/quantity']);
  });

  it('need a migration file for every step', () => {
    const gap = createMigrator({ files: [file], versions: ['1.0.0', '1.1.0', '1.2.0'] });
    expect(codes(gap.migrate(old, '1.2.0').issues)).toEqual(['MIGRATION_PATH_MISSING /schemaVersion']);
  });
});
