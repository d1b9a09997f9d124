/**
 * The flat CSV templates, one per document type: one row per line item, envelope and header columns
 * repeated on every row, consecutive rows with the same `documentId` forming one document.
 * docs/guides/csv-templates.md documents every column; a test keeps the two in step.
 */
import { type ColumnSpec, type Level, coding, identifier, member, period, quantities } from './columns.js';

/** A flat template: its columns and how rows nest into the document. */
export interface CsvTemplate {
  readonly documentType: string;
  /** Rows with the same group cells share one entry of this array (StockReport: a listing per location). */
  readonly group?: { readonly array: string };
  /** Each row adds one entry to this array (inside its group, when there is one). */
  readonly item?: { readonly array: string };
  /** Most rows per document, when the template fixes it (CapacityReport: one). */
  readonly maxRows?: number;
  readonly columns: readonly ColumnSpec[];
}

/** The schema version a CSV template produces when the `schemaVersion` column is absent or empty. */
export const CSV_TEMPLATE_SCHEMA_VERSION = '1.0.0';

const GLN = { gs1: '5412345000013', system: 'urn:oid:2.16.840.1.113883.4.82', value: '3004567890' };

function envelope(): ColumnSpec[] {
  const d: Level = 'document';
  return [
    member('documentType', d, ['documentType'], ''),
    member('schemaVersion', d, ['schemaVersion'], '1.0.0'),
    member('documentId', d, ['documentId'], '3f0c8a52-7d1e-4c3b-9a55-2b7e8f1d6c01'),
    member('documentStatus', d, ['documentStatus'], 'original'),
    member('supersedes', d, ['supersedes'], ''),
    member('createdAt', d, ['createdAt'], '2025-03-31T18:00:00+03:00'),
    member('confidentiality', d, ['confidentiality'], 'restricted'),
    ...identifier('sender', d, ['sender', 'identifier'], 'Gln', GLN),
    ...identifier('recipient', d, ['recipient', 'identifier'], 'Gln', { ...GLN, gs1: '5412345000020' }),
  ];
}

function product(level: Level, path: readonly string[]): ColumnSpec[] {
  return identifier('product', level, [...path, 'identifier'], 'Gtin', {
    gs1: '05412345000105',
    system: 'http://hl7.org/fhir/sid/ndc',
    value: '0409-4888-02',
  });
}

function lot(level: Level): ColumnSpec[] {
  return [
    member('lotNumber', level, ['lot', 'lotNumber'], 'AB1234'),
    member('expiryDate', level, ['lot', 'expiryDate'], '2026-08-31'),
    member('manufactureDate', level, ['lot', 'manufactureDate'], '2024-09-01'),
  ];
}

const stockReport: CsvTemplate = {
  documentType: 'StockReport',
  group: { array: 'listings' },
  item: { array: 'lines' },
  columns: [
    ...envelope(),
    member('countType', 'document', ['countType'], 'snapshot'),
    member('asOf', 'document', ['asOf'], '2025-03-31T17:00:00+03:00'),
    ...period('period', 'document', ['period'], '2025-03-01', '2025-03-31', 'month'),
    ...identifier('reporter', 'document', ['reporter', 'identifier'], 'Gln', GLN),
    ...coding('program', 'document', ['program'], 'https://example.org/programs', 'EPI', 'Immunisation'),
    ...identifier('location', 'group', ['location', 'identifier'], 'Gln', { ...GLN, gs1: '5412345000037' }),
    ...product('item', ['product']),
    ...lot('item'),
    ...quantities(
      'item',
      [
        ['quantity', ['quantity'], '120'],
        ['openingBalance', ['periodTotals', 'openingBalance'], '100'],
        ['received', ['periodTotals', 'received'], '60'],
        ['consumed', ['periodTotals', 'consumed'], '35'],
        ['lossesAdjustments', ['periodTotals', 'lossesAdjustments'], '-5'],
        ['closingBalance', ['periodTotals', 'closingBalance'], '120'],
        ['averageMonthlyConsumption', ['averageMonthlyConsumption'], '40'],
      ],
      { name: 'unit', example: '{pack}' },
    ),
    member('stockoutDays', 'item', ['periodTotals', 'stockoutDays'], '0', 'number'),
    member('disposition', 'item', ['disposition'], 'available'),
    member('balanceMethod', 'item', ['balanceMethod'], 'physicalCount'),
  ],
};

const capacityReport: CsvTemplate = {
  documentType: 'CapacityReport',
  maxRows: 1,
  columns: [
    ...envelope(),
    ...identifier('manufacturer', 'document', ['manufacturer', 'identifier'], 'Gln', GLN),
    ...identifier('site', 'document', ['site', 'identifier'], 'Gln', { ...GLN, gs1: '5412345000037' }),
    ...product('document', ['product']),
    member('businessOperation', 'document', ['businessOperation'], 'manufacture'),
    ...period('period', 'document', ['period'], '2025-02-01', '2025-02-28', 'month'),
    ...quantities(
      'document',
      [
        ['producedQuantity', ['producedQuantity'], '48000'],
        ['nominalCapacity', ['nominalCapacity'], '60000'],
        ['availableSurgeCapacity', ['availableSurgeCapacity'], '8000'],
        ['stockAtSite', ['stockAtSite'], '12000'],
      ],
      { name: 'unit', example: '{pack}' },
    ),
    member('marketScope', 'document', ['marketScope'], 'US|CA', 'marketScope'),
    member('operatingStatus', 'document', ['operatingStatus'], 'operating'),
    ...coding(
      'statusReason',
      'document',
      ['statusReason'],
      'https://example.org/reasons',
      'demandIncrease',
      'Demand increase',
    ),
  ],
};

const shipment: CsvTemplate = {
  documentType: 'Shipment',
  item: { array: 'lines' },
  columns: [
    ...envelope(),
    ...identifier('shipment', 'document', ['identifiers', 0], undefined, {
      system: 'https://example.org/asn',
      value: 'ASN-2025-0042',
    }),
    member('status', 'document', ['status'], 'received'),
    ...identifier('order', 'document', ['orderRef', 'identifier'], undefined, {
      system: 'https://example.org/orders',
      value: 'PO-7781',
    }),
    member('orderDate', 'document', ['orderRef', 'orderDate'], '2025-02-10'),
    member('requestedDeliveryDate', 'document', ['orderRef', 'requestedDeliveryDate'], '2025-03-15'),
    ...identifier('shipper', 'document', ['shipper', 'identifier'], 'Gln', GLN),
    ...identifier('receiver', 'document', ['receiver', 'identifier'], 'Gln', {
      ...GLN,
      gs1: '5412345000020',
    }),
    ...identifier('shipFrom', 'document', ['shipFrom', 'identifier'], 'Gln', GLN),
    ...identifier('shipTo', 'document', ['shipTo', 'identifier'], 'Gln', { ...GLN, gs1: '5412345000037' }),
    member('plannedShipDate', 'document', ['dates', 'plannedShipDate'], '2025-03-01T08:00:00Z'),
    member('actualShipDate', 'document', ['dates', 'actualShipDate'], '2025-03-02T09:30:00Z'),
    member('estimatedArrival', 'document', ['dates', 'estimatedArrival'], '2025-03-09T12:00:00Z'),
    member('actualArrival', 'document', ['dates', 'actualArrival'], '2025-03-10T07:45:00+03:00'),
    member('receivedDate', 'document', ['dates', 'receivedDate'], '2025-03-10T11:00:00+03:00'),
    member('transportMode', 'document', ['transportMode'], 'air'),
    member('fundingSource', 'document', ['funding', 'fundingSource'], 'Global Fund'),
    ...identifier('procurementAgent', 'document', ['funding', 'procurementAgent', 'identifier'], 'Gln', GLN),
    ...product('item', ['product']),
    ...lot('item'),
    ...quantities(
      'item',
      [
        ['quantityOrdered', ['quantityOrdered'], '500'],
        ['quantityShipped', ['quantityShipped'], '500'],
        ['quantityReceived', ['quantityReceived'], '500'],
        ['quantityAccepted', ['quantityAccepted'], '490'],
        ['quantityRejected', ['quantityRejected'], '10'],
      ],
      { name: 'unit', example: '{pack}' },
    ),
    member('vvmStatus', 'item', ['vvmStatus'], 'stage1'),
  ],
};

const shortageNotice: CsvTemplate = {
  documentType: 'ShortageNotice',
  item: { array: 'products' },
  columns: [
    ...envelope(),
    ...identifier('issuer', 'document', ['issuer', 'identifier'], 'Gln', GLN),
    member('noticeType', 'document', ['noticeType'], 'actual'),
    member('status', 'document', ['status'], 'current'),
    member('updateType', 'document', ['updateType'], 'new'),
    member('availability', 'document', ['availability'], 'limited'),
    member('jurisdictions', 'document', ['jurisdictions'], 'US', 'list'),
    member('reasonCategory', 'document', ['reasonCategory'], 'manufacturingCapacity'),
    member('reasonText', 'document', ['reasonText'], 'Increased demand and limited capacity'),
    member('apiRelated', 'document', ['apiRelated'], 'false', 'boolean'),
    member('deviceRelated', 'document', ['deviceRelated'], 'false', 'boolean'),
    member('startDate', 'document', ['dates', 'startDate'], '2025-01-15'),
    member('expectedResolutionDate', 'document', ['dates', 'expectedResolutionDate'], '2025-06-30'),
    member('resolvedDate', 'document', ['dates', 'resolvedDate'], ''),
    member('discontinuationDate', 'document', ['dates', 'discontinuationDate'], ''),
    member('firstPublished', 'document', ['dates', 'firstPublished'], '2025-01-16'),
    member('lastUpdated', 'document', ['dates', 'lastUpdated'], '2025-03-01'),
    member('expectedDurationDays', 'document', ['expectedDurationDays'], '166', 'number'),
    ...quantities(
      'document',
      [['estimatedSupplyGap', ['impact', 'estimatedSupplyGap'], '20000']],
      {
        name: 'estimatedSupplyGapUnit',
        example: '{vial}',
      },
      false,
    ),
    member('percentOfDemand', 'document', ['impact', 'percentOfDemand'], '25', 'number'),
    member('patientsAffected', 'document', ['impact', 'patientsAffected'], 'Patients needing IV fluids'),
    member('mitigationText', 'document', ['mitigation', 'text'], 'Allocation to hospitals by usage'),
    member('alternativesText', 'document', ['alternatives', 'text'], 'Other presentations remain available'),
    member('therapeuticCategory', 'document', ['therapeuticCategory'], 'Anesthesia|Analgesia', 'list'),
    member('links', 'document', ['links'], 'https://example.org/shortages/123', 'list'),
    ...product('item', ['product']),
    member('presentationText', 'item', ['presentationText'], 'Vial, 10 mL'),
  ],
};

const demandForecast: CsvTemplate = {
  documentType: 'DemandForecast',
  item: { array: 'series' },
  columns: [
    ...envelope(),
    ...identifier('forecaster', 'document', ['forecaster', 'identifier'], 'Gln', GLN),
    member('jurisdiction', 'document', ['scope', 'jurisdiction'], 'KE'),
    ...identifier('location', 'document', ['scope', 'location', 'identifier'], 'Gln', {
      ...GLN,
      gs1: '5412345000037',
    }),
    ...coding(
      'program',
      'document',
      ['scope', 'program'],
      'https://example.org/programs',
      'EPI',
      'Immunisation',
    ),
    ...product('document', ['product']),
    member('measure', 'document', ['measure'], 'demand'),
    member('method', 'document', ['method'], 'consumption'),
    member('issuedAt', 'document', ['issuedAt'], '2025-03-15T10:00:00+03:00'),
    ...period('horizon', 'document', ['horizon'], '2025-04-01', '2025-09-30', 'month'),
    ...period('history', 'document', ['basedOn', 'historyWindow'], '2024-04-01', '2025-03-31', 'month'),
    member('adjustedForStockouts', 'document', ['basedOn', 'adjustedForStockouts'], 'true', 'boolean'),
    ...period('period', 'item', ['period'], '2025-04-01', '2025-04-30', 'month'),
    ...quantities(
      'item',
      [
        ['quantity', ['quantity'], '1200'],
        ['lower', ['lower'], '1000'],
        ['upper', ['upper'], '1450'],
      ],
      { name: 'unit', example: '{dose}' },
    ),
  ],
};

/** Every CSV template, by document type. */
export const csvTemplates: ReadonlyMap<string, CsvTemplate> = new Map(
  [stockReport, capacityReport, shipment, shortageNotice, demandForecast].map((t) => [t.documentType, t]),
);

/** The template of a document type, or undefined when there is none. */
export function csvTemplate(documentType: string): CsvTemplate | undefined {
  return csvTemplates.get(documentType);
}

/** Every column name used by at least one template (to tell a header row from a data row). */
export const ALL_CSV_COLUMNS: ReadonlySet<string> = new Set(
  [...csvTemplates.values()].flatMap((t) => t.columns.map((c) => c.name)),
);
