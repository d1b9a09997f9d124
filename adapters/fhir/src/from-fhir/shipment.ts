import type { MedsupplyDocument } from '@medsupply/types';
import { ORDER_REF_FIELDS, SHIPMENT_FIELDS, SHIPMENT_LINE_FIELDS, fieldUrl } from '../extensions/specs.js';
import { DOCUMENT_ID_SYSTEM, DOCUMENT_PART_SYSTEM, IHE_DELIVERY_STAGE_URLS } from '../urls.js';
import { compact, isObject, own, ownArray, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { dateTimeFromFhir, identifierFromFhir, identifiersFromFhir } from './datatypes.js';
import { checkElements, requireMembers } from './document.js';
import { carriedDocumentId, readEnvelope } from './envelope.js';
import { readFields } from './fields.js';
import { locationFromReference } from './location.js';
import { quantityFromFhir } from './measures.js';
import { partyFromReference } from './party.js';
import { type ItemRead, itemFromReference, productFromConcept } from './product.js';

const STATUSES = new Set([
  'planned',
  'approved',
  'shipped',
  'inTransit',
  'arrived',
  'received',
  'cancelled',
  'onHold',
]);
const MAPPED = [
  'identifier',
  'basedOn',
  'partOf',
  'status',
  'suppliedItem',
  'occurrenceDateTime',
  'occurrencePeriod',
  'supplier',
  'destination',
  'receiver',
];

/** The resources of one Shipment: the one with the envelope, then its further lines in order. */
export interface DocumentGroup {
  head: Located;
  parts: Located[];
}

/** The part number of a resource from its `<documentId>/<part>` identifier. */
export function partNumber(at: Located): { documentId: string; part: number } | undefined {
  for (const identifier of ownArray(at.resource, 'identifier')) {
    if (ownString(identifier, 'system') !== DOCUMENT_PART_SYSTEM || own(identifier, 'use') === 'old')
      continue;
    const match = /^(.+)\/(\d{1,9})$/.exec(ownString(identifier, 'value') ?? '');
    if (match !== null) return { documentId: match[1]!, part: Number(match[2]) };
  }
  return undefined;
}

/**
 * Groups SupplyDeliveries into shipments. A delivery whose `partOf` leads to another delivery of the
 * input belongs to that one (medsupply R4 lines do this); R4 deliveries without a medsupply
 * document id that share their business identifiers are one shipment, one line each.
 */
export function groupDeliveries(ctx: FromFhirContext, deliveries: readonly Located[]): DocumentGroup[] {
  const groups = new Map<Located, Located[]>();
  const byBusinessKey = new Map<string, Located>();
  const rootOf = (at: Located): Located => {
    let current = at;
    for (let step = 0; step < 16; step++) {
      const parent = ownArray(current.resource, 'partOf')
        .map((ref) => ctx.resolver.resolve(ref, current))
        .find((target) => target !== undefined && target !== current && deliveries.includes(target));
      if (parent === undefined) return current;
      current = parent;
    }
    return current;
  };
  for (const delivery of deliveries) {
    let head = rootOf(delivery);
    if (
      head === delivery &&
      isObject(own(delivery.resource, 'suppliedItem')) &&
      carriedDocumentId(delivery) === undefined
    ) {
      const key = businessKey(delivery);
      if (key !== undefined) {
        const first = byBusinessKey.get(key);
        if (first === undefined) byBusinessKey.set(key, delivery);
        else head = first;
      }
    }
    const members = groups.get(head) ?? [];
    if (head !== delivery) members.push(delivery);
    groups.set(head, members);
  }
  const result: DocumentGroup[] = [];
  for (const [head, members] of groups) {
    if (!deliveries.includes(head)) continue;
    const headId = carriedDocumentId(head);
    const parts = members.filter((member) => {
      const part = partNumber(member);
      if (part === undefined || headId === undefined || part.documentId === headId) return true;
      ctx.report(
        'warning',
        'FHIR_STALE_PART_IGNORED',
        member.path,
        `line of document ${part.documentId}, not of ${headId}`,
      );
      return false;
    });
    parts.sort((a, b) => (partNumber(a)?.part ?? 0) - (partNumber(b)?.part ?? 0));
    result.push({ head, parts });
  }
  return result;
}

function businessKey(at: Located): string | undefined {
  const keys = ownArray(at.resource, 'identifier')
    .map((id) => `${ownString(id, 'system') ?? ''}|${ownString(id, 'value') ?? ''}`)
    .sort();
  return keys.length > 0 ? keys.join('\n') : undefined;
}

/** The IHE PHARM SUPPLY delivery stage of a SupplyDelivery (shipment or reception), if given. */
function deliveryStage(at: Located): 'shipment' | 'reception' | undefined {
  for (const extension of ownArray(at.resource, 'extension')) {
    if (!IHE_DELIVERY_STAGE_URLS.includes(ownString(extension, 'url') ?? '')) continue;
    const codes = [
      ownString(extension, 'valueCode'),
      ...ownArray(own(extension, 'valueCodeableConcept'), 'coding').map((c) => ownString(c, 'code')),
    ];
    if (codes.includes('reception')) return 'reception';
    if (codes.includes('shipment') || codes.includes('shipped')) return 'shipment';
  }
  return undefined;
}

/**
 * SupplyDelivery (one, or an R4 group) → Shipment (https://hl7.org/fhir/R5/supplydelivery.html). The
 * medsupply extensions give the exact status and dates; without them the FHIR status, the IHE delivery
 * stage and the occurrence are read.
 */
export function shipmentFromFhir(ctx: FromFhirContext, group: DocumentGroup): MedsupplyDocument | undefined {
  const before = ctx.errorCount;
  const head = group.head;
  const resource = head.resource;
  const path = head.path;
  checkElements(ctx, head, MAPPED);
  const stage = deliveryStage(head);
  const receivers = ownArray(resource, 'receiver');
  const envelope = readEnvelope(ctx, head, 'Shipment', {
    sender:
      stage === 'reception'
        ? { reference: receivers[0], path: `${path}/receiver/0` }
        : { reference: own(resource, 'supplier'), path: `${path}/supplier` },
  });
  if (envelope === undefined) return undefined;
  const ours = ownArray(resource, 'identifier').some((i) => ownString(i, 'system') === DOCUMENT_ID_SYSTEM);
  const fields = readFields(
    ctx,
    ownArray(resource, 'extension'),
    SHIPMENT_FIELDS,
    fieldUrl('Shipment'),
    head,
    path,
  );
  const status = STATUSES.has(fields.status as string)
    ? (fields.status as string)
    : statusFromFhir(ownString(resource, 'status'), stage);
  const lines = [head, ...group.parts].flatMap((part) =>
    ownArray(part.resource, 'suppliedItem').map((item, index) => ({ part, item, index })),
  );
  const document = compact({
    ...envelope,
    identifiers: identifiersFromFhir(
      ctx,
      ownArray(resource, 'identifier'),
      head,
      `${path}/identifier`,
      (system) => system === DOCUMENT_ID_SYSTEM || system === DOCUMENT_PART_SYSTEM,
    ),
    status,
    orderRef: orderRefOf(ctx, head),
    shipper: partyFromReference(ctx, own(resource, 'supplier'), head, `${path}/supplier`),
    receiver:
      fields.receiver ??
      (receivers[0] === undefined
        ? undefined
        : partyFromReference(ctx, receivers[0], head, `${path}/receiver/0`)),
    shipFrom: fields.shipFrom,
    shipTo: locationFromReference(ctx, own(resource, 'destination'), head, `${path}/destination`),
    dates: fields.dates ?? datesFromOccurrence(ctx, head, status),
    transportMode: fields.transportMode,
    logisticUnits: fields.logisticUnits,
    lines: lines.map(({ part, item, index }, lineIndex) => {
      const itemPath = Array.isArray(own(part.resource, 'suppliedItem'))
        ? `${part.path}/suppliedItem/${index}`
        : `${part.path}/suppliedItem`;
      return readLine(ctx, part, item, itemPath, `/lines/${lineIndex}`, !ours && stage === 'reception');
    }),
    funding: fields.funding,
  });
  requireMembers(
    ctx,
    document,
    ['identifiers', 'status', 'shipper', 'receiver', 'shipFrom', 'shipTo', 'lines'],
    path,
  );
  return ctx.errorCount === before ? (document as unknown as MedsupplyDocument) : undefined;
}

function statusFromFhir(
  status: string | undefined,
  stage: 'shipment' | 'reception' | undefined,
): string | undefined {
  if (status === 'completed') return 'received';
  if (status === 'abandoned') return 'cancelled';
  if (status === 'in-progress')
    return stage === 'reception' ? 'arrived' : stage === 'shipment' ? 'shipped' : 'inTransit';
  return undefined;
}

function orderRefOf(ctx: FromFhirContext, head: Located): Record<string, unknown> | undefined {
  const basedOn = ownArray(head.resource, 'basedOn')[0];
  if (basedOn === undefined) return undefined;
  const path = `${head.path}/basedOn/0`;
  let identifier = own(basedOn, 'identifier');
  if (identifier === undefined) {
    const target = ctx.resolver.resolve(basedOn, head);
    identifier = target === undefined ? undefined : ownArray(target.resource, 'identifier')[0];
  }
  const read =
    identifier === undefined ? undefined : identifierFromFhir(ctx, identifier, head, `${path}/identifier`);
  if (read === undefined) {
    ctx.report(
      'warning',
      'FHIR_VALUE_UNMAPPED',
      path,
      'the order is named by no identifier with a system; orderRef left out',
    );
    return undefined;
  }
  const fields = readFields(
    ctx,
    ownArray(basedOn, 'extension'),
    ORDER_REF_FIELDS,
    fieldUrl('Shipment.orderRef'),
    head,
    path,
  );
  return { identifier: read, ...fields };
}

function datesFromOccurrence(
  ctx: FromFhirContext,
  head: Located,
  status: string | undefined,
): Record<string, unknown> | undefined {
  const resource = head.resource;
  const period = own(resource, 'occurrencePeriod');
  const value = own(resource, 'occurrenceDateTime') ?? own(period, 'end') ?? own(period, 'start');
  if (value === undefined) return undefined;
  const at = own(resource, 'occurrenceDateTime') !== undefined ? 'occurrenceDateTime' : 'occurrencePeriod';
  const when = dateTimeFromFhir(ctx, value, `${head.path}/${at}`);
  if (when === undefined) return undefined;
  const milestone =
    status === 'received'
      ? 'receivedDate'
      : status === 'arrived'
        ? 'actualArrival'
        : status === 'planned' || status === 'approved'
          ? 'plannedShipDate'
          : 'actualShipDate';
  return { [milestone]: when };
}

function readLine(
  ctx: FromFhirContext,
  part: Located,
  item: unknown,
  path: string,
  canonicalPath: string,
  receivedQuantity: boolean,
): Record<string, unknown> {
  const reference = own(item, 'itemReference');
  const read: ItemRead =
    reference !== undefined
      ? itemFromReference(ctx, reference, part, `${path}/itemReference`)
      : { product: productFromConcept(ctx, own(item, 'itemCodeableConcept'), `${path}/itemCodeableConcept`) };
  const extras = readFields(
    ctx,
    ownArray(item, 'extension'),
    SHIPMENT_LINE_FIELDS,
    fieldUrl('Shipment.lines'),
    part,
    path,
  );
  const quantity =
    own(item, 'quantity') === undefined
      ? undefined
      : quantityFromFhir(ctx, own(item, 'quantity'), part, `${path}/quantity`);
  const line = compact({
    product: read.product,
    lot: extras.lot ?? read.lot,
    quantityOrdered: extras.quantityOrdered,
    quantityShipped: receivedQuantity ? undefined : quantity,
    quantityReceived: extras.quantityReceived ?? (receivedQuantity ? quantity : undefined),
    quantityAccepted: extras.quantityAccepted,
    quantityRejected: extras.quantityRejected,
    receiptCondition: extras.receiptCondition,
    vvmStatus: extras.vvmStatus,
  });
  requireMembers(ctx, line, ['product'], path, canonicalPath);
  return line;
}
