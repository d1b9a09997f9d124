/**
 * Shipment rules: the status decides which dates and quantities must be there, milestones are in
 * order, and receipt adds up (received ≤ shipped, accepted + rejected = received).
 */
import { packCountRule } from './common.js';
import { type RuleRelease, rulesSince } from './release.js';
import type { RuleReport } from './rule.js';
import { type Amount, type JsonObject, amount, arr, day, instant, obj, sameNumber } from './values.js';

const SHIPPED_OR_LATER = new Set(['shipped', 'inTransit', 'arrived', 'received']);

/** The milestone date that says a shipment has reached a status (1.1.0: advised, not required). */
const STATUS_DATE: Readonly<Record<string, string>> = {
  shipped: 'actualShipDate',
  inTransit: 'actualShipDate',
  arrived: 'actualArrival',
  received: 'receivedDate',
};

/** Checks one Shipment. */
export function shipmentRules(document: JsonObject, report: RuleReport, release: RuleRelease): void {
  if (rulesSince(release, '1.1.0')) {
    shipmentRules110(document, report);
    return;
  }
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
    checkLineQuantities(line, path, report);
  });
}

/**
 * The 1.1.0 rules. Sources often know only the last milestone (a proof of delivery has the delivery
 * date, not the ship date; a FHIR SupplyDelivery has one occurrence), so a missing date is a warning
 * about the status's own milestone only, and a line needs some quantity, not every one.
 */
function shipmentRules110(document: JsonObject, report: RuleReport): void {
  const status = typeof document.status === 'string' ? document.status : '';
  const dates = obj(document.dates) ?? {};
  const member = STATUS_DATE[status];
  if (member !== undefined && dates[member] === undefined) {
    report.warn(
      'SHIPMENT_DATE_MISSING',
      `/dates/${member}`,
      `a shipment with status ${status} should give dates.${member}`,
      { status },
    );
  }
  checkDateOrder(dates, report, true);

  arr(document.lines).forEach((raw, i) => {
    const line = obj(raw);
    if (!line) return;
    const path = `/lines/${i}`;
    if (
      SHIPPED_OR_LATER.has(status) &&
      line.quantityShipped === undefined &&
      line.quantityReceived === undefined
    ) {
      const missing = status === 'received' ? 'quantityReceived' : 'quantityShipped';
      report.add(
        'SHIPMENT_QUANTITY_REQUIRED',
        `${path}/${missing}`,
        `a shipment with status ${status} must give the quantity ${status === 'received' ? 'received' : 'shipped'} (or the other one) on each line`,
        { status },
      );
    }
    checkLineQuantities(line, path, report);
  });
}

/**
 * Milestones in order. With `byDay` (1.1.0, where a milestone may be a plain date), two milestones of
 * which one is a plain date are compared by calendar day, so a date-time on the day of a plain date is
 * not "before" it.
 */
function checkDateOrder(dates: JsonObject, report: RuleReport, byDay = false): void {
  const shipped = instant(dates.actualShipDate);
  const arrived = instant(dates.actualArrival);
  const received = instant(dates.receivedDate);
  const before = (later: unknown, earlier: unknown, laterAt: number, earlierAt: number): boolean => {
    if (byDay && (isPlainDate(later) || isPlainDate(earlier))) return day(later)! < day(earlier)!;
    return laterAt < earlierAt;
  };
  if (
    shipped !== undefined &&
    arrived !== undefined &&
    before(dates.actualArrival, dates.actualShipDate, arrived, shipped)
  ) {
    report.add('SHIPMENT_DATE_ORDER', '/dates/actualArrival', 'the shipment arrived before it was shipped');
  }
  if (
    arrived !== undefined &&
    received !== undefined &&
    before(dates.receivedDate, dates.actualArrival, received, arrived)
  ) {
    report.add('SHIPMENT_DATE_ORDER', '/dates/receivedDate', 'the shipment was received before it arrived');
  } else if (
    arrived === undefined &&
    shipped !== undefined &&
    received !== undefined &&
    before(dates.receivedDate, dates.actualShipDate, received, shipped)
  ) {
    report.add(
      'SHIPMENT_DATE_ORDER',
      '/dates/receivedDate',
      'the shipment was received before it was shipped',
    );
  }
}

/** Receipt adds up, and pack counts say which pack (both releases). */
function checkLineQuantities(line: JsonObject, path: string, report: RuleReport): void {
  checkReceipt(line, path, report);
  const members = [
    'quantityOrdered',
    'quantityShipped',
    'quantityReceived',
    'quantityAccepted',
    'quantityRejected',
  ];
  packCountRule(line.product, () => members.map((m) => [line[m], `${path}/${m}`] as const), report);
}

function isPlainDate(value: unknown): boolean {
  return typeof value === 'string' && value.length === 10;
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
