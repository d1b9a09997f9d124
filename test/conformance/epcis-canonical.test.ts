/**
 * Canonical Shipments made from EPCIS pass the medsupply validator: those from GS1's examples (most
 * cannot be mapped, lacking a despatch advice or parties, and must say so rather than guess) and
 * those from a generated despatch document of packing, shipping and receiving events.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type EpcisEvent,
  type EpcisHeader,
  EpcisShipmentMapper,
  EpcisXmlReader,
  type ShipmentResult,
} from '@medsupply/gs1';
import { createValidator } from '@medsupply/validators';
import { describe, expect, it } from 'vitest';
import { describeWithShared } from '../support/shared.js';
import { corpusFiles, readCorpusFile } from './epcis-support.js';

function toShipments(header: EpcisHeader, events: EpcisEvent[]): ShipmentResult[] {
  const results: ShipmentResult[] = [];
  const mapper = new EpcisShipmentMapper(header, (result) => results.push(result));
  events.forEach((event, index) => {
    for (const found of mapper.add(event, { index }))
      if (found.severity === 'error') results.push({ issues: [found], first: { index }, eventCount: 1 });
  });
  mapper.finish();
  return results;
}

describeWithShared('canonical Shipments from the official EPCIS examples', ['corpus', 'epcis'], () => {
  it('are valid when they can be made, and otherwise fail with an EPCIS issue code', async () => {
    const validator = await createValidator();
    let made = 0;
    let refused = 0;
    for (const file of [
      ...corpusFiles('XML', '.xml'),
      ...corpusFiles('XSL/1.2/XML', '.xml'),
      ...corpusFiles('JSON', '.jsonld'),
    ]) {
      const read = readCorpusFile(file);
      if (read.header === undefined) continue;
      for (const result of toShipments(read.header, read.events)) {
        if (result.shipment === undefined) {
          refused++;
          expect(result.issues.some((i) => i.severity === 'error' && i.code.startsWith('EPCIS_'))).toBe(true);
        } else {
          made++;
          expect({ file, ...validator.validate(result.shipment) }).toMatchObject({ file, valid: true });
        }
      }
    }
    // GS1's examples illustrate event syntax, not despatches: the shipping and receiving ones lack parties.
    expect(refused).toBeGreaterThan(0);
    expect(made + refused).toBeGreaterThan(0);
  });
});

describe('canonical Shipments from a generated despatch document', () => {
  it('are all made and all valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epcis-canonical-'));
    try {
      const file = join(dir, 'despatch.xml');
      // The bench's deterministic generator (plain JavaScript, hence the typed dynamic import).
      const generator = '../bench/epcis.bench.mjs';
      const { generateEpcisXml } = (await import(generator)) as {
        generateEpcisXml: (path: string, megabytes: number) => Promise<number>;
      };
      const shipmentCount = await generateEpcisXml(file, 0.3);
      let header: EpcisHeader | undefined;
      const events: EpcisEvent[] = [];
      const reader = new EpcisXmlReader((item) => {
        if (item.kind === 'header') header = item.header;
        else if (item.kind === 'event' && item.event !== undefined) events.push(item.event);
      });
      reader.write(readFileSync(file));
      reader.end();
      const results = toShipments(header as EpcisHeader, events);
      expect(results.filter((r) => r.shipment === undefined)).toEqual([]);
      expect(results).toHaveLength(shipmentCount);
      const validator = await createValidator();
      for (const result of results) expect(validator.validate(result.shipment).issues).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
