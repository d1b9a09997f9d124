import { readFileSync } from 'node:fs';
import type { Issue } from '@medsupply/validators';
import { describe, expect, it } from 'vitest';
import { EpcisShipmentFolder, type InputPosition, issuePosition } from './fold.js';
import { EpcisJsonReader } from './json/reader.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/epcis/${name}`, import.meta.url));

function fold(bytes: Uint8Array | string) {
  const shipments: unknown[] = [];
  const issues: { found: Issue; at: InputPosition }[] = [];
  const folder = new EpcisShipmentFolder({
    shipment: (shipment) => shipments.push(shipment),
    issue: (found, at) => issues.push({ found, at }),
  });
  const reader = new EpcisJsonReader((item) => folder.add(item));
  reader.write(bytes);
  reader.end();
  return { summary: folder.finish(), shipments, issues };
}

describe('EpcisShipmentFolder', () => {
  it('folds the events of one despatch into one Shipment and closes with where every event went', () => {
    const { summary, shipments, issues } = fold(fixture('flows/sscc-transport-flow.jsonld'));
    expect(summary).toEqual({ records: 4, converted: 4, failed: 0 });
    expect(shipments).toHaveLength(1);
    expect(issues.map(({ found }) => found.code)).toEqual(['EPCIS_EVENT_COUNTS']);
    expect(issues[0]!.found.params).toMatchObject({
      events: 4,
      shipments: 1,
      skipped: 0,
      inFailedShipments: 0,
    });
  });

  it('reports a broken event at its index and line, counts it failed and writes nothing for it', () => {
    const { summary, shipments, issues } = fold(fixture('invalid/quantity-text.jsonld'));
    expect(summary).toEqual({ records: 1, converted: 0, failed: 1 });
    expect(shipments).toEqual([]);
    expect(issues[0]).toMatchObject({ found: { code: 'EPCIS_QUANTITY_INVALID' }, at: { index: 0, line: 8 } });
  });

  it('calls an input without events and without errors an error, not "0 of 0 converted"', () => {
    const empty = JSON.stringify({
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      epcisBody: { eventList: [] },
    });
    const { summary, issues } = fold(empty);
    expect(summary.records).toBe(0);
    expect(issues.at(-1)?.found).toMatchObject({ severity: 'error', code: 'EPCIS_NO_EVENTS' });
  });
});

describe('issuePosition', () => {
  const at = (params?: Record<string, unknown>): Issue => ({
    severity: 'error',
    code: 'X',
    path: '',
    message: 'x',
    ...(params ? { params } : {}),
  });

  it("prefers the issue's own line and index to the record's", () => {
    expect(issuePosition(at({ line: 7, index: 3 }), 2, 5)).toEqual({ index: 3, line: 7 });
  });

  it("falls back to the record's place, and ignores a negative index", () => {
    expect(issuePosition(at({ index: -1 }), 2, 5)).toEqual({ index: 2, line: 5 });
    expect(issuePosition(at())).toEqual({});
  });
});
