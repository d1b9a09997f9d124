/**
 * Shipment rules: the status decides which dates and quantities must be there, milestones are in
 * order, and receipt adds up (received ≤ shipped, accepted + rejected = received).
 */
import { packCountRule } from './common.js';
import type { RuleReport } from './rule.js';
import { type Amount, type JsonObject, amount, arr, instant, obj, sameNumber } from './values.js';

const SHIPPED_OR_LATER = new Set(['shipped', 'inTransit', 'arrived', 'received']);

/** Checks one Shipment. */
export function shipmentRules(document: JsonObject, report: RuleReport): void {
  const status = typeof document.status === 'string' ? document.status : '';
  const dates = obj(document.dates) ?? {};
  const required: Array<[string, boolean]> = [
    ['actualShipDate', SHIPPED_OR_LATER.has(status)],
    ['actualArrival', status === 'arrived'],
    ['receivedDate', status === 'received'],
  ];
  for (const [member, needed] of required) {
    if (needed && dates[member] === undefined) {
      report.add(
        'SHIPMENT_DATE_REQUIRED',
        `/dates/${member}`,
        `a shipment with status ${status} must give dates.${member}`,
        { status },
      );
    }
  }
  checkDateOrder(dates, report);

  arr(document.lines).forEach((raw, i) => {
    const line = obj(raw);
    if (!line) return;
    const path = `/lines/${i}`;
    if (SHIPPED_OR_LATER.has(status) && line.quantityShipped === undefined) {
      report.add(
        'SHIPMENT_QUANTITY_REQUIRED',
        `${path}/quantityShipped`,
        `a shipment with status ${status} must give the quantity shipped on each line`,
        { status },
      );
    }
    if (status === 'received' && line.quantityReceived === undefined) {
      report.add(
        'SHIPMENT_QUANTITY_REQUIRED',
        `${path}/quantityReceived`,
        'a received shipment must give the quantity received on each line',
        { status },
      );
    }
    checkReceipt(line, path, report);
    const members = [
      'quantityOrdered',
      'quantityShipped',
      'quantityReceived',
      'quantityAccepted',
      'quantityRejected',
    ];
    packCountRule(
      line.product,
      members.map((m) => [line[m], `${path}/${m}`] as const),
      report,
    );
  });
}

function checkDateOrder(dates: JsonObject, report: RuleReport): void {
  const shipped = instant(dates.actualShipDate);
  const arrived = instant(dates.actualArrival);
  const received = instant(dates.receivedDate);
  if (shipped !== undefined && arrived !== undefined && arrived < shipped) {
    report.add('SHIPMENT_DATE_ORDER', '/dates/actualArrival', 'the shipment arrived before it was shipped');
  }
  if (arrived !== undefined && received !== undefined && received < arrived) {
    report.add('SHIPMENT_DATE_ORDER', '/dates/receivedDate', 'the shipment was received before it arrived');
  } else if (arrived === undefined && shipped !== undefined && received !== undefined && received < shipped) {
    report.add(
      'SHIPMENT_DATE_ORDER',
      '/dates/receivedDate',
      'the shipment was received before it was shipped',
    );
  }
}

function checkReceipt(line: JsonObject, path: string, report: RuleReport): void {
  const shipped = amount(line.quantityShipped);
  const received = amount(line.quantityReceived);
  const accepted = amount(line.quantityAccepted);
  const rejected = amount(line.quantityRejected);
  const unitOk = (q: Amount | undefined, member: string, reference: Amount): boolean => {
    if (!q || q.unit === reference.unit) return true;
    report.add('UNIT_MISMATCH', `${path}/${member}/unit`, `unit ${q.unit} differs from ${reference.unit}`, {
      unit: q.unit,
      expected: reference.unit,
    });
    return false;
  };
  if (
    shipped &&
    received &&
    unitOk(received, 'quantityReceived', shipped) &&
    received.value > shipped.value &&
    !sameNumber(received.value, shipped.value)
  ) {
    report.add(
      'RECEIVED_EXCEEDS_SHIPPED',
      `${path}/quantityReceived`,
      `received ${received.value} is more than shipped ${shipped.value}`,
      {
        received: received.value,
        shipped: shipped.value,
      },
    );
  }
  if (!received) return;
  const unitsAgree =
    unitOk(accepted, 'quantityAccepted', received) && unitOk(rejected, 'quantityRejected', received);
  if (!unitsAgree) return;
  if (accepted && rejected) {
    const sum = accepted.value + rejected.value;
    if (!sameNumber(sum, received.value)) {
      report.add(
        'ACCEPTANCE_MISMATCH',
        `${path}/quantityAccepted`,
        `accepted + rejected = ${sum}, but ${received.value} were received`,
        {
          accepted: accepted.value,
          rejected: rejected.value,
          received: received.value,
        },
      );
    }
  } else {
    // Receiving advices often state only one side; the other is what remains of the received quantity.
    const [member, given] = accepted
      ? (['quantityAccepted', accepted] as const)
      : (['quantityRejected', rejected] as const);
    if (given && given.value > received.value && !sameNumber(given.value, received.value)) {
      report.add(
        'ACCEPTANCE_MISMATCH',
        `${path}/${member}`,
        `${given.value} ${member === 'quantityAccepted' ? 'accepted' : 'rejected'}, but only ${received.value} were received`,
        {
          [member === 'quantityAccepted' ? 'accepted' : 'rejected']: given.value,
          received: received.value,
        },
      );
    }
  }
}
