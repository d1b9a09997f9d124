import { describe, expect, it } from 'vitest';
import * as browserEntry from './browser.js';
import { uuidFromName as browserUuid } from './epcis/canonical/uuid.browser.js';
import { uuidFromName as nodeUuid } from './epcis/canonical/uuid.js';
import * as nodeEntry from './index.js';

describe('the browser entry of the GS1 adapter', () => {
  it('exports the EPCIS JSON-LD side and the Shipment mapping of the Node entry, not the XML reader', () => {
    const names = Object.keys(browserEntry);
    expect(names).toEqual(
      expect.arrayContaining([
        'EpcisJsonReader',
        'EpcisJsonWriter',
        'EpcisShipmentFolder',
        'EpcisShipmentMapper',
        'issuePosition',
        'shipmentToEpcisEvents',
      ]),
    );
    expect(names).not.toContain('EpcisXmlReader');
    for (const name of names)
      expect(browserEntry[name as keyof typeof browserEntry]).toBe(nodeEntry[name as keyof typeof nodeEntry]);
  });

  it('derives the documentIds node:crypto derives', () => {
    for (const name of ['', 'urn:epc:id:sscc:0614141.1234567890', 'shipment|PO-1|ünïcode 🚚'])
      expect(browserUuid(name), name).toBe(nodeUuid(name));
  });
});
