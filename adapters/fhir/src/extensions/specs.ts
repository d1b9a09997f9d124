import { medsupplyExtensionUrl } from '../urls.js';
import type { Field } from './fields.js';

/**
 * The medsupply extensions, by canonical element. Each top-level field becomes the extension
 * `https://schemas.medsupply.org/fhir/StructureDefinition/extension-<Type>.<field>`; object fields
 * become complex extensions whose parts use the member names as relative URLs.
 */

const QUANTITY = 'Quantity' as const;

/** Envelope members with no FHIR element (documentId, confidentiality and supersedes are native). */
export const ENVELOPE_FIELDS: readonly Field[] = [
  { name: 'createdAt', kind: 'dateTime' },
  { name: 'sender', kind: 'PartyRef' },
  { name: 'recipient', kind: 'PartyRef' },
  { name: 'documentStatus', kind: 'code' },
];

/** Lot, where FHIR has no lot element (R4 lines; R5 uses InventoryItem.instance). */
export const LOT_FIELDS: readonly Field[] = [
  { name: 'lotNumber', kind: 'string' },
  { name: 'expiryDate', kind: 'date' },
  { name: 'manufactureDate', kind: 'date' },
  { name: 'product', kind: 'ProductRef' },
];

/** Lot members InventoryItem.instance has no element for. */
export const LOT_INSTANCE_FIELDS: readonly Field[] = [
  { name: 'manufactureDate', kind: 'date' },
  { name: 'product', kind: 'ProductRef' },
];

/** Product members Medication has no element for. */
export const PRODUCT_FIELDS: readonly Field[] = [
  { name: 'level', kind: 'code' },
  { name: 'route', kind: 'Coding' },
  {
    name: 'marketingAuthorisation',
    kind: [
      { name: 'number', kind: 'string' },
      { name: 'holder', kind: 'PartyRef' },
      { name: 'jurisdiction', kind: 'code' },
    ],
  },
  { name: 'productClass', kind: 'code' },
];

/** Quantity members FHIR Quantity has no element for. */
export const QUANTITY_FIELDS: readonly Field[] = [
  { name: 'unitOfPresentation', kind: 'Coding' },
  { name: 'packageRef', kind: 'Identifier' },
];

/** Period members FHIR Period has no element for. */
export const PERIOD_FIELDS: readonly Field[] = [{ name: 'granularity', kind: 'code' }];

/** StockReport members InventoryReport has no element for (reporter: InventoryReport.reporter cannot be an Organization). */
export const STOCK_REPORT_FIELDS: readonly Field[] = [
  { name: 'reporter', kind: 'PartyRef' },
  { name: 'program', kind: 'Coding' },
];

/** The canonical listing an InventoryReport listing comes from (one canonical listing may give several, one per disposition). */
export const STOCK_LISTING_FIELDS: readonly Field[] = [{ name: 'index', kind: 'integer' }];

/** StockReport line members with no InventoryReport element. */
export const STOCK_LINE_FIELDS: readonly Field[] = [
  { name: 'lot', kind: LOT_FIELDS },
  { name: 'balanceMethod', kind: 'code' },
  {
    name: 'movements',
    many: true,
    kind: [
      { name: 'type', kind: 'code' },
      { name: 'direction', kind: 'code' },
      { name: 'quantity', kind: QUANTITY },
      { name: 'reason', kind: 'Coding' },
      { name: 'occurredDate', kind: 'date' },
      { name: 'counterparty', kind: 'LocationRef' },
      { name: 'documentRef', kind: 'string' },
    ],
  },
  {
    name: 'periodTotals',
    kind: [
      { name: 'openingBalance', kind: QUANTITY },
      { name: 'received', kind: QUANTITY },
      { name: 'consumed', kind: QUANTITY },
      { name: 'lossesAdjustments', kind: QUANTITY },
      { name: 'closingBalance', kind: QUANTITY },
      { name: 'stockoutDays', kind: 'integer' },
    ],
  },
  { name: 'averageMonthlyConsumption', kind: QUANTITY },
];

/** Shipment members SupplyDelivery has no element for (R4 also lacks an Organization receiver). */
export const SHIPMENT_FIELDS: readonly Field[] = [
  { name: 'status', kind: 'code' },
  { name: 'receiver', kind: 'PartyRef' },
  { name: 'shipFrom', kind: 'LocationRef' },
  {
    name: 'dates',
    kind: [
      { name: 'plannedShipDate', kind: 'dateTime' },
      { name: 'actualShipDate', kind: 'dateTime' },
      { name: 'estimatedArrival', kind: 'dateTime' },
      { name: 'actualArrival', kind: 'dateTime' },
      { name: 'receivedDate', kind: 'dateTime' },
    ],
  },
  { name: 'transportMode', kind: 'code' },
  {
    name: 'logisticUnits',
    many: true,
    kind: [
      { name: 'sscc', kind: 'string' },
      { name: 'parentSscc', kind: 'string' },
    ],
  },
  {
    name: 'funding',
    kind: [
      { name: 'fundingSource', kind: 'string' },
      { name: 'procurementAgent', kind: 'PartyRef' },
    ],
  },
];

/** Order members beside the order identifier (on SupplyDelivery.basedOn). */
export const ORDER_REF_FIELDS: readonly Field[] = [
  { name: 'orderDate', kind: 'date' },
  { name: 'requestedDeliveryDate', kind: 'date' },
];

/** Shipment line members beside the shipped quantity and item (on suppliedItem). */
export const SHIPMENT_LINE_FIELDS: readonly Field[] = [
  { name: 'lot', kind: LOT_FIELDS },
  { name: 'quantityOrdered', kind: QUANTITY },
  { name: 'quantityReceived', kind: QUANTITY },
  { name: 'quantityAccepted', kind: QUANTITY },
  { name: 'quantityRejected', kind: QUANTITY },
  {
    name: 'receiptCondition',
    many: true,
    kind: [
      { name: 'code', kind: 'Coding' },
      { name: 'quantity', kind: QUANTITY },
    ],
  },
  { name: 'vvmStatus', kind: 'code' },
];

/** DemandForecast members SupplyRequest has no element for. */
export const DEMAND_FORECAST_FIELDS: readonly Field[] = [
  {
    name: 'scope',
    kind: [
      { name: 'jurisdiction', kind: 'code' },
      { name: 'program', kind: 'Coding' },
    ],
  },
  { name: 'method', kind: 'code' },
  { name: 'horizon', kind: 'Period' },
  {
    name: 'basedOn',
    kind: [
      { name: 'historyWindow', kind: 'Period' },
      { name: 'adjustedForStockouts', kind: 'boolean' },
    ],
  },
];

/** CapacityReport members (on Basic; manufacturer is Basic.author, product is Basic.subject). */
export const CAPACITY_REPORT_FIELDS: readonly Field[] = [
  { name: 'site', kind: 'LocationRef' },
  { name: 'businessOperation', kind: 'code' },
  { name: 'period', kind: 'Period' },
  { name: 'producedQuantity', kind: QUANTITY },
  { name: 'nominalCapacity', kind: QUANTITY },
  { name: 'availableSurgeCapacity', kind: QUANTITY },
  { name: 'stockAtSite', kind: QUANTITY },
  { name: 'marketScope', kind: 'code', many: true },
  { name: 'operatingStatus', kind: 'code' },
  { name: 'statusReason', kind: 'Coding' },
  {
    name: 'qualitySignals',
    many: true,
    kind: [
      { name: 'scheme', kind: 'string' },
      { name: 'value', kind: 'string' },
      { name: 'date', kind: 'date' },
    ],
  },
];

/** ShortageNotice members (on Basic; issuer is Basic.author). */
export const SHORTAGE_NOTICE_FIELDS: readonly Field[] = [
  { name: 'noticeType', kind: 'code' },
  { name: 'status', kind: 'code' },
  { name: 'updateType', kind: 'code' },
  {
    name: 'products',
    many: true,
    kind: [
      { name: 'product', kind: 'ProductRef' },
      { name: 'presentationText', kind: 'string' },
    ],
  },
  { name: 'jurisdictions', kind: 'code', many: true },
  { name: 'availability', kind: 'code' },
  { name: 'reasonCategory', kind: 'code' },
  { name: 'reasonText', kind: 'string' },
  { name: 'apiRelated', kind: 'boolean' },
  { name: 'apiSources', kind: 'SupplySourceRef', many: true },
  { name: 'alternativeApiSources', kind: 'SupplySourceRef', many: true },
  { name: 'deviceRelated', kind: 'boolean' },
  {
    name: 'dates',
    kind: [
      { name: 'startDate', kind: 'date' },
      { name: 'expectedResolutionDate', kind: 'date' },
      { name: 'resolvedDate', kind: 'date' },
      { name: 'discontinuationDate', kind: 'date' },
      { name: 'firstPublished', kind: 'dateOrDateTime' },
      { name: 'lastUpdated', kind: 'dateOrDateTime' },
    ],
  },
  { name: 'expectedDurationDays', kind: 'integer' },
  {
    name: 'impact',
    kind: [
      { name: 'estimatedSupplyGap', kind: QUANTITY },
      { name: 'percentOfDemand', kind: 'decimal' },
      { name: 'patientsAffected', kind: 'string' },
    ],
  },
  {
    name: 'mitigation',
    kind: [
      { name: 'text', kind: 'string' },
      { name: 'actions', kind: 'string', many: true },
    ],
  },
  {
    name: 'alternatives',
    kind: [
      { name: 'text', kind: 'string' },
      { name: 'products', kind: 'ProductRef', many: true },
    ],
  },
  { name: 'therapeuticCategory', kind: 'StringOrCoding', many: true },
  { name: 'links', kind: 'uri', many: true },
];

/** The extension URL of a top-level field of a canonical element (`extension-<Type>.<field>`). */
export function fieldUrl(type: string): (field: string) => string {
  return (field) => medsupplyExtensionUrl(`${type}.${field}`);
}
