/**
 * Importing FHIR of the shape a published hospital-pharmacy IG's examples have (deliveries naming a
 * supplier and a destination only, references outside the bundle carrying identifiers and display,
 * contained InventoryItems, a delivery with no date): given only the integrator's `--sender`, the
 * deliveries become valid 1.1.0 Shipments and the count a valid StockReport; what cannot be
 * converted says exactly why.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';

const FIXTURES = join(repositoryRoot, 'test', 'fixtures', 'fhir-hospital-pharmacy');
const R5 = join(FIXTURES, 'hospital-pharmacy-r5.json');
const R4 = join(FIXTURES, 'hospital-pharmacy-r4.json');
const SENDER = 'https://www.gs1.org/gln|5412345000082';

const documents = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function importBoth(...extra: string[]) {
  const r5 = await runCli(['convert', '--from', 'fhir-r5', '--to', 'canonical', ...extra, R5]);
  const r4 = await runCli(['convert', '--from', 'fhir-r4', '--to', 'canonical', ...extra, R4]);
  return { r5, r4, all: [...documents(r5.stdout), ...documents(r4.stdout)] };
}

describe('FHIR import of hospital-pharmacy IG data', () => {
  it('gives 6 valid 1.1.0 Shipments of 7 deliveries and a valid StockReport with only --sender', async () => {
    const { r5, r4, all } = await importBoth('--sender', SENDER);
    const shipments = all.filter((d) => d.documentType === 'Shipment');
    const reports = all.filter((d) => d.documentType === 'StockReport');
    // The CLI validates what it writes: only valid documents reach stdout.
    expect(shipments).toHaveLength(6);
    expect(reports).toHaveLength(1);
    for (const document of all) expect(document.schemaVersion).toBe('1.1.0');
    expect(r4.code).toBe(0);
    expect(r4.stderr).toMatch(/converted 2 of 2 records \(0 failed\)/);
    // The one delivery left out says why: nothing identifies what it delivered.
    expect(r5.code).toBe(1);
    expect(r5.stderr).toMatch(/converted 5 of 6 records \(1 failed\)/);
    expect(r5.stderr).toMatch(
      /error FHIR_REQUIRED_DATA_MISSING \/entry\/4\/resource\/suppliedItem\/0 no value for \/lines\/0\/product/,
    );
    expect(r5.stderr.match(/ error /g)).toHaveLength(1);
  });

  it('uses the sender only where the source names none, and invents nothing else', async () => {
    const { all } = await importBoth('--sender', SENDER, '--created-at', '2024-12-07T12:00:00+01:00');
    const byAddress = (id: string) =>
      all.find((d) =>
        (d.identifiers as { value: string }[] | undefined)?.some((i) => i.value.endsWith(`/${id}`)),
      );
    // A supplier named by identifier is the sender; a practitioner named by display only is not.
    const fromWholesaler = byAddress('delivery-brufen-pack')!;
    expect(fromWholesaler.sender).toEqual({
      identifier: { system: 'https://www.gs1.org/gln', value: '5412345000013' },
    });
    expect(fromWholesaler.shipper).toEqual(fromWholesaler.sender);
    const fromTechnician = byAddress('delivery-ibuprofen-ward')!;
    expect(fromTechnician.sender).toEqual({
      identifier: { system: 'https://www.gs1.org/gln', value: '5412345000082' },
    });
    expect(fromTechnician.shipper).toBeUndefined();
    expect(fromTechnician.shipFrom).toBeUndefined();
    // Identifiers carried by references outside the bundle become canonical references.
    expect(fromTechnician.shipTo).toEqual({
      identifier: { system: 'https://www.gs1.org/gln', value: '5412345000037' },
    });
    // No business identifier: the delivery is named by its address, not by an invented number.
    expect(fromTechnician.identifiers).toEqual([
      {
        system: 'urn:ietf:rfc:3986',
        value: 'https://ig.example.org/fhir/SupplyDelivery/delivery-ibuprofen-ward',
      },
    ]);
    // A delivery with no date has no dates; a creation time given is used only where none is known.
    const undated = byAddress('delivery-no-date')!;
    expect(undated.dates).toBeUndefined();
    expect(undated.createdAt).toBe('2024-12-07T12:00:00+01:00');
    const report = all.find((d) => d.documentType === 'StockReport')!;
    expect(report.createdAt).toBe('2024-12-01T10:30:00Z');
    expect(report.reporter).toBeUndefined();
    // A day-only occurrence stays a day.
    const dayOnly = all.find((d) =>
      (d.identifiers as { value: string }[]).some((i) => i.value === 'GR-2024-11873'),
    )!;
    expect(dayOnly.dates).toEqual({ receivedDate: '2024-12-03' });
  });

  it('without --sender, says for each delivery whose source names no sender that /sender is missing', async () => {
    const { r5 } = await importBoth('--created-at', '2024-12-07T12:00:00+01:00');
    expect(r5.stderr).toMatch(
      /error FHIR_REQUIRED_DATA_MISSING \/entry\/1\/resource no value for \/sender .*give the sender to the converter/,
    );
  });

  it('refuses a --sender that is not SYSTEM|VALUE, and --sender on conversions that are not from FHIR', async () => {
    const bad = await runCli([
      'convert',
      '--from',
      'fhir-r5',
      '--to',
      'canonical',
      '--sender',
      '5412345000082',
      R5,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sender must be SYSTEM\|VALUE/);
    const misplaced = await runCli([
      'convert',
      '--from',
      'canonical',
      '--to',
      'fhir-r5',
      '--sender',
      SENDER,
      R5,
    ]);
    expect(misplaced.code).toBe(2);
  });
});
