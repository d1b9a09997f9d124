import { ORDER_REF_FIELDS, SHIPMENT_FIELDS, SHIPMENT_LINE_FIELDS, fieldUrl } from '../extensions/specs.js';
import type { FhirExtension, FhirResource } from '../types.js';
import { toFhirDateTime } from '../util/dates.js';
import { compact, own, ownArray, ownObject, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { extensionsOrUndefined, identifierToFhir } from './datatypes.js';
import {
  documentEntry,
  documentIdentifiers,
  documentMeta,
  envelopeExtensions,
  isCancel,
} from './envelope.js';
import { writeFields } from './fields.js';
import { lineItem } from './line-item.js';
import { quantityToFhir } from './measures.js';
import { locationReference, partyReference } from './shared.js';

/**
 * Shipment → SupplyDelivery (https://hl7.org/fhir/R5/supplydelivery.html). R5 lists every line in
 * `suppliedItem`; R4 allows one item per SupplyDelivery, so R4 gets one resource per line: the first
 * carries the whole shipment, the others point to it with `partOf` and carry their line.
 */
export function shipmentToFhir(ctx: ToFhirContext, shipment: unknown, path: string): void {
  const lines = ownArray(shipment, 'lines').map((line, index) => [line, index] as const);
  if (ctx.version === '5') {
    addDelivery(ctx, shipment, path, 0, lines, undefined);
    return;
  }
  const first = lines.length > 0 ? lines.slice(0, 1) : [];
  const headUrl = addDelivery(ctx, shipment, path, 0, first, undefined);
  for (const line of lines.slice(1)) addDelivery(ctx, shipment, path, line[1], [line], headUrl);
}

/** Adds one SupplyDelivery (part 0 holds the envelope and shipment-level members); returns its fullUrl. */
function addDelivery(
  ctx: ToFhirContext,
  shipment: unknown,
  path: string,
  part: number,
  lines: ReadonlyArray<readonly [unknown, number]>,
  headUrl: string | undefined,
): string {
  const holder: Holder = { contained: [] };
  const head = part === 0;
  const r4 = ctx.version === '4';
  const extension: FhirExtension[] = head
    ? [
        ...envelopeExtensions(ctx, shipment, path, holder, { nativeCreatedAt: false }),
        ...writeFields(
          ctx,
          { ...leftovers(shipment), receiver: r4 ? own(shipment, 'receiver') : undefined },
          SHIPMENT_FIELDS,
          fieldUrl('Shipment'),
          path,
          holder,
        ),
      ]
    : [];
  const orderRef = ownObject(shipment, 'orderRef');
  const receiver = own(shipment, 'receiver');
  const shipTo = own(shipment, 'shipTo');
  const shipper = own(shipment, 'shipper');
  const suppliedItems = lines.map(([line, index]) =>
    suppliedItem(ctx, line, `${path}/lines/${index}`, holder),
  );
  const resource: FhirResource = compact({
    resourceType: 'SupplyDelivery',
    contained: holder.contained,
    meta: documentMeta(shipment),
    extension,
    identifier: [
      ...documentIdentifiers(shipment, part),
      ...ownArray(shipment, 'identifiers').map((id, i) =>
        identifierToFhir(ctx, id, `${path}/identifiers/${i}`, holder),
      ),
    ],
    basedOn:
      orderRef === undefined
        ? undefined
        : [
            compact({
              extension: extensionsOrUndefined(
                head
                  ? writeFields(
                      ctx,
                      orderRef,
                      ORDER_REF_FIELDS,
                      fieldUrl('Shipment.orderRef'),
                      `${path}/orderRef`,
                      holder,
                    )
                  : [],
              ),
              type: 'SupplyRequest',
              identifier: identifierToFhir(
                ctx,
                own(orderRef, 'identifier'),
                `${path}/orderRef/identifier`,
                holder,
              ),
            }),
          ],
    partOf: headUrl === undefined ? undefined : [{ reference: headUrl, type: 'SupplyDelivery' }],
    status: deliveryStatus(shipment),
    suppliedItem: r4 ? suppliedItems[0] : suppliedItems,
    occurrenceDateTime: occurrence(shipment),
    supplier: shipper === undefined ? undefined : partyReference(ctx, shipper, `${path}/shipper`, holder),
    destination: shipTo === undefined ? undefined : locationReference(ctx, shipTo, `${path}/shipTo`, holder),
    // R4 SupplyDelivery.receiver may only be a Practitioner(Role); the receiver then travels as an extension.
    receiver:
      !r4 && receiver !== undefined ? [partyReference(ctx, receiver, `${path}/receiver`, holder)] : undefined,
  });
  const { fullUrl, request } = documentEntry(shipment, 'SupplyDelivery', part);
  ctx.addDocumentEntry({ fullUrl, resource, request });
  return fullUrl;
}

function leftovers(shipment: unknown): Record<string, unknown> {
  return {
    status: own(shipment, 'status'),
    shipFrom: own(shipment, 'shipFrom'),
    dates: own(shipment, 'dates'),
    transportMode: own(shipment, 'transportMode'),
    logisticUnits: own(shipment, 'logisticUnits'),
    funding: own(shipment, 'funding'),
  };
}

function suppliedItem(
  ctx: ToFhirContext,
  line: unknown,
  path: string,
  holder: Holder,
): Record<string, unknown> {
  const item = lineItem(ctx, line, path, holder);
  const lineLeftovers = {
    lot: item.lot,
    quantityOrdered: own(line, 'quantityOrdered'),
    quantityReceived: own(line, 'quantityReceived'),
    quantityAccepted: own(line, 'quantityAccepted'),
    quantityRejected: own(line, 'quantityRejected'),
    receiptCondition: own(line, 'receiptCondition'),
    vvmStatus: own(line, 'vvmStatus'),
  };
  const shipped = own(line, 'quantityShipped');
  return compact({
    extension: extensionsOrUndefined(
      writeFields(ctx, lineLeftovers, SHIPMENT_LINE_FIELDS, fieldUrl('Shipment.lines'), path, holder),
    ),
    quantity:
      shipped === undefined ? undefined : quantityToFhir(ctx, shipped, `${path}/quantityShipped`, holder),
    itemReference: item.reference(),
  });
}

/** in-progress until received (completed); cancelled is abandoned; a cancel document is entered-in-error. */
function deliveryStatus(shipment: unknown): string {
  if (isCancel(shipment)) return 'entered-in-error';
  const status = own(shipment, 'status');
  if (status === 'received') return 'completed';
  if (status === 'cancelled') return 'abandoned';
  return 'in-progress';
}

/** The latest milestone reached: received, else arrived, else shipped. */
function occurrence(shipment: unknown): string | undefined {
  const dates = own(shipment, 'dates');
  const when =
    ownString(dates, 'receivedDate') ??
    ownString(dates, 'actualArrival') ??
    ownString(dates, 'actualShipDate');
  return when === undefined ? undefined : toFhirDateTime(when);
}
