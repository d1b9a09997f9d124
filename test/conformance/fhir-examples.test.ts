/**
 * HL7's official R4 and R5 examples in our scope, imported with fhirToCanonical. Every document
 * produced must pass `medsupply validate`; an example lacking data a canonical document requires must
 * say which members are missing (FHIR_REQUIRED_DATA_MISSING), never get invented values. The
 * decision for each example is listed below.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type FhirResource, type FhirVersion, canonicalToFhir, fhirToCanonical } from '@medsupply/fhir';
import type { MedsupplyDocument } from '@medsupply/types';
import { type Validator, createValidator } from '@medsupply/validators';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, repositoryRoot, sharedPath } from '../support/shared.js';

/**
 * Examples that are (or hold) supply resources, with the canonical members each lacks. HL7's supply
 * examples identify parties and places by display name only, give dates without time, and have no
 * ship-from location or confidentiality label, so none of them makes a complete document.
 */
const DOCUMENT_EXAMPLES: Record<string, string[]> = {
  'r4/SupplyDelivery-pumpdelivery.json': [
    '/createdAt',
    '/sender',
    '/identifiers',
    '/shipper',
    '/receiver',
    '/shipFrom',
    '/shipTo',
    '/lines',
  ],
  'r4/SupplyDelivery-simpledelivery.json': [
    '/createdAt',
    '/sender',
    '/lines/0/product',
    '/identifiers',
    '/shipper',
    '/receiver',
    '/shipFrom',
    '/shipTo',
  ],
  'r4/SupplyRequest-simpleorder.json': [
    '/createdAt',
    '/sender',
    '/scope/jurisdiction',
    '/forecaster',
    '/product',
    '/measure',
    '/issuedAt',
    '/horizon',
  ],
  'r5/InventoryReport-example.json': ['/createdAt', '/sender', '/reporter', '/listings'],
  // Its blood products are named by ISBT 128 identifiers; the supplier has an identifier too.
  'r5/SupplyDelivery-ISBT128.json': ['/createdAt', '/status', '/receiver', '/shipFrom', '/shipTo'],
  'r5/SupplyDelivery-mphodelivery.json': [
    '/createdAt',
    '/sender',
    '/status',
    '/shipper',
    '/receiver',
    '/shipFrom',
    '/shipTo',
  ],
  'r5/SupplyDelivery-pumpdelivery.json': [
    '/createdAt',
    '/sender',
    '/identifiers',
    '/shipper',
    '/receiver',
    '/shipFrom',
    '/shipTo',
    '/lines',
  ],
  'r5/SupplyDelivery-simpledelivery.json': [
    '/createdAt',
    '/sender',
    '/lines/0/product',
    '/identifiers',
    '/shipper',
    '/receiver',
    '/shipFrom',
    '/shipTo',
  ],
  'r5/SupplyRequest-simpleorder.json': [
    '/createdAt',
    '/sender',
    '/scope/jurisdiction',
    '/forecaster',
    '/product',
    '/measure',
    '/issuedAt',
    '/horizon',
  ],
  // Bundles of clinical resources and an empty InventoryItem: no document, said as FHIR_NO_DOCUMENT.
  'r4/Bundle-3ad0687e-f477-468c-afd5-fcc2bf897819.json': [],
  'r4/Bundle-bundle-example.json': [],
  'r4/Bundle-bundle-response.json': [],
  'r4/Bundle-bundle-transaction.json': [],
  'r5/Bundle-3ad0687e-f477-468c-afd5-fcc2bf897819.json': [],
  'r5/Bundle-bundle-example.json': [],
  'r5/Bundle-bundle-response.json': [],
  'r5/Bundle-bundle-transaction.json': [],
  'r5/InventoryItem-example.json': [],
};

/**
 * Master data examples, each put in the place it would take in a medsupply shipment (product, shipper,
 * destination) and imported: `inline` = a full canonical object, `byIdentifier` = referred to by its
 * identifier (it lacks roles, country or type), else the canonical member the shipment then lacks, or
 * the validation error the imported value raises.
 */
type MasterOutcome = 'inline' | 'byIdentifier' | { missing: string } | { invalid: string };
const MASTER_DATA_EXAMPLES: Record<string, MasterOutcome> = {
  // Medications named by NDC or SNOMED CT code with a display name import as products.
  'Medication-med0301.json': 'inline',
  'Medication-med0302.json': 'inline',
  'Medication-med0303.json': 'inline',
  'Medication-med0304.json': 'inline',
  'r4/Medication-med0305.json': { invalid: 'NDC_INVALID' }, // NDC 2501-813-16 has no valid NDC form
  'r5/Medication-med0305.json': 'inline',
  'Medication-med0306.json': 'inline',
  'Medication-med0307.json': 'inline',
  'Medication-med0308.json': 'inline',
  'Medication-med0309.json': 'inline',
  'Medication-med0310.json': 'inline', // ingredient through a contained Substance
  'Medication-med0311.json': 'inline',
  'Medication-med0312.json': 'inline',
  'Medication-med0313.json': 'inline',
  'Medication-med0314.json': 'inline',
  'Medication-med0315.json': 'inline',
  'Medication-med0316.json': 'inline',
  'Medication-med0320.json': 'inline',
  'Medication-med0321.json': 'inline',
  'Medication-medexample015.json': 'inline',
  // Compounded or free-text medications: no product code with a system.
  'Medication-med0317.json': { missing: '/lines/0/product' },
  'Medication-med0318.json': { missing: '/lines/0/product' },
  'Medication-med0319.json': { missing: '/lines/0/product' },
  'Medication-med0323.json': { missing: '/lines/0/product' },
  'Medication-medicationexample1.json': { missing: '/lines/0/product' },
  // Organizations with an identifier system; f001, f201 and f203 are providers (prov) with a country.
  'Organization-1.json': 'byIdentifier',
  'Organization-1832473e-2fe0-452d-abe9-3cdb9879522f.json': 'byIdentifier',
  'Organization-2.16.840.1.113883.19.5.json': 'byIdentifier',
  'Organization-2.json': 'byIdentifier',
  'Organization-3.json': 'byIdentifier',
  'Organization-f001.json': 'inline',
  'Organization-f201.json': 'inline',
  'Organization-f203.json': 'inline',
  // No identifier at all.
  'Organization-f002.json': { missing: '/shipper' },
  'Organization-f003.json': { missing: '/shipper' },
  'Organization-hl7.json': { missing: '/shipper' },
  'Organization-hl7pay.json': { missing: '/shipper' },
  'Organization-mmanu.json': { missing: '/shipper' },
  // HL7's Locations have no identifier with a system.
  'Location-1.json': { missing: '/shipTo' },
  'Location-2.json': { missing: '/shipTo' },
  'Location-amb.json': { missing: '/shipTo' },
  'Location-hl7.json': { missing: '/shipTo' },
  'Location-ph.json': { missing: '/shipTo' },
  'Location-ukp.json': { missing: '/shipTo' },
  'Location-wash-dc-metro.json': { missing: '/shipTo' },
};

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

function outcomeOf(version: FhirVersion, name: string): MasterOutcome | undefined {
  return MASTER_DATA_EXAMPLES[`r${version}/${name}`] ?? MASTER_DATA_EXAMPLES[name];
}

/** A medsupply shipment in FHIR whose product, shipper or destination is the given example resource. */
function shipmentWith(version: FhirVersion, example: FhirResource) {
  const fixture = readJson(
    join(repositoryRoot, 'schemas/fixtures/1.0.0/shipment/valid/planned-road-replenishment.json'),
  );
  fixture.lines = fixture.lines.slice(0, 1);
  const { bundle } = canonicalToFhir([fixture], { fhirVersion: version });
  const fullUrl = 'urn:uuid:00000000-0000-4000-8000-000000000001';
  bundle.entry?.push({ fullUrl, resource: example });
  const delivery = bundle.entry?.find((e) => e.resource?.resourceType === 'SupplyDelivery')
    ?.resource as FhirResource;
  const reference = { reference: fullUrl };
  if (example.resourceType === 'Medication') {
    const item = delivery.suppliedItem;
    (Array.isArray(item) ? item[0] : item).itemReference = reference;
  } else if (example.resourceType === 'Organization') delivery.supplier = reference;
  else delivery.destination = reference;
  return bundle;
}

describeWithShared(
  'official HL7 examples import to valid documents or say what is missing',
  ['corpus', 'fhir'],
  () => {
    let validator: Validator;
    beforeAll(async () => {
      validator = await createValidator();
    });

    const validate = (documents: MedsupplyDocument[]) =>
      documents.flatMap((d) => validator.validate(d).issues.filter((i) => i.severity === 'error'));

    for (const version of ['4', '5'] as const) {
      describe(`R${version}`, () => {
        const dir = sharedPath('corpus', 'fhir', `r${version}`, 'examples');
        const names = readdirSync(dir).filter((n) => n.endsWith('.json'));

        it('has a decision for every example in scope', () => {
          const inScope = names.filter((n) =>
            /^(Supply|Inventory|Bundle|Medication-|Organization-|Location-)/.test(n),
          );
          const undecided = inScope.filter(
            (n) => DOCUMENT_EXAMPLES[`r${version}/${n}`] === undefined && outcomeOf(version, n) === undefined,
          );
          expect(undecided).toEqual([]);
        });

        for (const name of names.filter((n) => DOCUMENT_EXAMPLES[`r${version}/${n}`] !== undefined)) {
          const missing = DOCUMENT_EXAMPLES[`r${version}/${name}`]!;
          it(`${name}: ${missing.length === 0 ? 'no document' : `lacks ${missing.join(', ')}`}`, () => {
            const { documents, issues } = fhirToCanonical(readJson(join(dir, name)), {
              fhirVersion: version,
            });
            expect(validate(documents)).toEqual([]);
            const reported = issues
              .filter((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING')
              .map((i) => i.params?.canonicalPath);
            expect(reported).toEqual(missing);
            if (missing.length === 0) {
              expect(documents).toEqual([]);
              expect(issues.map((i) => i.code)).toContain('FHIR_NO_DOCUMENT');
            }
          });
        }

        for (const name of names.filter((n) => outcomeOf(version, n) !== undefined)) {
          const outcome = outcomeOf(version, name)!;
          it(`${name} in a shipment: ${JSON.stringify(outcome)}`, () => {
            const { documents, issues } = fhirToCanonical(shipmentWith(version, readJson(join(dir, name))), {
              fhirVersion: version,
            });
            const missing = issues
              .filter((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING')
              .map((i) => i.params?.canonicalPath);
            if (typeof outcome === 'object' && 'missing' in outcome) {
              expect(missing).toEqual([outcome.missing]);
              expect(documents).toEqual([]);
              return;
            }
            expect(missing).toEqual([]);
            expect(documents).toHaveLength(1);
            const errors = validate(documents);
            if (typeof outcome === 'object') {
              expect(errors.map((e) => e.code)).toEqual([outcome.invalid]);
              return;
            }
            expect(errors).toEqual([]);
            const shipment = documents[0] as unknown as Record<
              string,
              Record<string, unknown> | Array<Record<string, unknown>>
            >;
            const imported = name.startsWith('Medication')
              ? (shipment.lines as Array<Record<string, unknown>>)[0]!.product
              : name.startsWith('Organization')
                ? shipment.shipper
                : shipment.shipTo;
            expect(Object.hasOwn(imported as object, 'identifier')).toBe(outcome === 'byIdentifier');
            if (outcome === 'byIdentifier')
              expect(issues.map((i) => i.code)).toContain('FHIR_REFERENCED_BY_IDENTIFIER');
          });
        }
      });
    }
  },
);
