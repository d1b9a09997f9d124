/**
 * StockReport rules: snapshot needs asOf, difference needs a period, and a difference line balances
 * (closing = opening + credits − debits, OpenLMIS E = A + B − C ± D).
 */
import { packCountRule } from './common.js';
import { type RuleRelease, rulesSince } from './release.js';
import type { RuleReport } from './rule.js';
import { type Amount, type JsonObject, amount, arr, day, obj, sameNumber } from './values.js';

const CREDIT_TYPES = new Set(['receipt', 'transferIn']);
const DEBIT_TYPES = new Set(['issue', 'consumption', 'transferOut']);

/** Checks one StockReport. */
export function stockReportRules(document: JsonObject, report: RuleReport, release: RuleRelease): void {
  const countType = document.countType;
  if (countType === 'snapshot' && document.asOf === undefined) {
    report.add('SNAPSHOT_AS_OF_REQUIRED', '/asOf', 'a snapshot must say when the stock was counted (asOf)');
  }
  if (countType === 'difference' && document.period === undefined) {
    report.add('DIFFERENCE_PERIOD_REQUIRED', '/period', 'a difference report must give its reporting period');
  }
  const period = obj(document.period);
  const periodStart = day(period?.start);
  const periodEnd = day(period?.end);
  const asOf = day(document.asOf);

  arr(document.listings).forEach((listing, i) => {
    arr(obj(listing)?.lines).forEach((rawLine, j) => {
      const line = obj(rawLine);
      if (!line) return;
      const linePath = `/listings/${i}/lines/${j}`;
      const movements = arr(line.movements);
      const lineQuantity = amount(line.quantity);
      movements.forEach((rawMovement, k) => {
        const movement = obj(rawMovement);
        if (!movement) return;
        const path = `${linePath}/movements/${k}`;
        const moved = amount(movement.quantity);
        if (lineQuantity && moved && moved.unit !== lineQuantity.unit) {
          report.add(
            'UNIT_MISMATCH',
            `${path}/quantity/unit`,
            `movement counted in ${moved.unit} on a line counted in ${lineQuantity.unit}`,
            {
              unit: moved.unit,
              expected: lineQuantity.unit,
            },
          );
        }
        const type = String(movement.type);
        const direction = movement.direction;
        if (
          (CREDIT_TYPES.has(type) && direction === 'debit') ||
          (DEBIT_TYPES.has(type) && direction === 'credit')
        ) {
          report.add(
            'MOVEMENT_DIRECTION_MISMATCH',
            `${path}/direction`,
            `a ${type} cannot be a ${String(direction)}`,
            {
              type,
              direction,
            },
          );
        }
        const when = day(movement.occurredDate);
        if (
          countType === 'difference' &&
          when &&
          periodStart &&
          periodEnd &&
          (when < periodStart || when > periodEnd)
        ) {
          report.add(
            'MOVEMENT_OUTSIDE_PERIOD',
            `${path}/occurredDate`,
            `${when} is outside the period ${periodStart}..${periodEnd}`,
            {
              occurredDate: when,
              start: periodStart,
              end: periodEnd,
            },
          );
        }
      });
      if (rulesSince(release, '1.1.0')) checkBalance110(line, linePath, countType === 'difference', report);
      else checkBalance(line, linePath, countType === 'difference', report);
      packCountRule(
        line.product,
        () => [
          [line.quantity, `${linePath}/quantity`],
          ...Object.entries(obj(line.periodTotals) ?? {}).map(
            ([member, value]) => [value, `${linePath}/periodTotals/${member}`] as const,
          ),
          ...movements.map((m, k) => [obj(m)?.quantity, `${linePath}/movements/${k}/quantity`] as const),
        ],
        report,
      );
      const lot = obj(line.lot);
      const expiry = day(lot?.expiryDate);
      const disposition = line.disposition ?? 'available';
      if (countType === 'snapshot' && asOf && expiry && expiry < asOf && disposition === 'available') {
        report.warn(
          'LOT_EXPIRED_AS_AVAILABLE',
          `${linePath}/lot/expiryDate`,
          `lot expired on ${expiry}, before the count on ${asOf}, but is reported as available`,
        );
      }
    });
  });
}

function checkBalance(line: JsonObject, linePath: string, isDifference: boolean, report: RuleReport): void {
  const totals = obj(line.periodTotals);
  const totalsPath = `${linePath}/periodTotals`;
  const opening = amount(totals?.openingBalance);
  const closing = amount(totals?.closingBalance);
  if (!opening || !closing) return;
  const unit = opening.unit;
  const sameUnit = (q: Amount | undefined, path: string): boolean => {
    if (!q || q.unit === unit) return true;
    report.add(
      'UNIT_MISMATCH',
      `${path}/unit`,
      `unit ${q.unit} differs from the opening balance unit ${unit}`,
      {
        unit: q.unit,
        expected: unit,
      },
    );
    return false;
  };
  const received = amount(totals?.received);
  const consumed = amount(totals?.consumed);
  const adjustments = amount(totals?.lossesAdjustments);
  const unitsAgree = [
    sameUnit(received, `${totalsPath}/received`),
    sameUnit(consumed, `${totalsPath}/consumed`),
    sameUnit(adjustments, `${totalsPath}/lossesAdjustments`),
    sameUnit(closing, `${totalsPath}/closingBalance`),
  ].every(Boolean);
  if (!unitsAgree) return;
  const closingPath = `${totalsPath}/closingBalance`;
  const expected =
    opening.value + (received?.value ?? 0) - (consumed?.value ?? 0) + (adjustments?.value ?? 0);
  if (!sameNumber(expected, closing.value)) {
    report.add(
      'STOCK_BALANCE_MISMATCH',
      closingPath,
      `closing balance ${closing.value} ≠ opening ${opening.value} + received − consumed ± adjustments = ${expected}`,
      {
        expected,
        actual: closing.value,
      },
    );
    return;
  }
  const movements = arr(line.movements);
  if (movements.length > 0) {
    let net = 0;
    for (const raw of movements) {
      const movement = obj(raw);
      const q = amount(movement?.quantity);
      if (!movement || !q) return;
      if (q.unit !== unit) return; // reported against the line quantity, or not comparable
      if (movement.direction === 'credit') net += q.value;
      else if (movement.direction === 'debit') net -= q.value;
      else return;
    }
    if (!sameNumber(opening.value + net, closing.value)) {
      report.add(
        'STOCK_BALANCE_MISMATCH',
        closingPath,
        `closing balance ${closing.value} ≠ opening ${opening.value} + credits − debits = ${opening.value + net}`,
        {
          expected: opening.value + net,
          actual: closing.value,
        },
      );
      return;
    }
  }
  // In a difference report the line quantity should be the stock on hand at the end of the period. Some
  // sources send the net change there instead, so this is a warning, not an error.
  const quantity = amount(line.quantity);
  if (isDifference && quantity && quantity.unit === unit && !sameNumber(quantity.value, closing.value)) {
    report.warn(
      'CLOSING_BALANCE_QUANTITY_MISMATCH',
      `${linePath}/quantity`,
      `line quantity ${quantity.value} differs from its closing balance ${closing.value}`,
      {
        expected: closing.value,
        actual: quantity.value,
      },
    );
  }
}

/** What a line's movements add up to, split like the OpenLMIS columns B, C and D. */
interface MovementSums {
  net: number;
  received: number;
  consumed: number;
  adjustments: number;
}

/** Sums the movements in `unit`; undefined when there are none or one cannot be counted. */
function sumMovements(movements: unknown[], unit: string): MovementSums | undefined {
  if (movements.length === 0) return undefined;
  const sums: MovementSums = { net: 0, received: 0, consumed: 0, adjustments: 0 };
  for (const raw of movements) {
    const movement = obj(raw);
    const q = amount(movement?.quantity);
    if (!movement || !q || q.unit !== unit) return undefined;
    const sign = movement.direction === 'credit' ? 1 : movement.direction === 'debit' ? -1 : 0;
    if (sign === 0) return undefined;
    sums.net += sign * q.value;
    if (movement.type === 'adjustment') sums.adjustments += sign * q.value;
    else if (sign > 0) sums.received += q.value;
    else sums.consumed += q.value;
  }
  return sums;
}

/**
 * The 1.1.0 balance: sources often give only the opening and closing balances with the movements, so a
 * total that is absent is derived from the movements, or the equation is not checked; it is never taken
 * as 0. The movements are checked on their own whenever they can be summed.
 */
function checkBalance110(
  line: JsonObject,
  linePath: string,
  isDifference: boolean,
  report: RuleReport,
): void {
  const totals = obj(line.periodTotals);
  const totalsPath = `${linePath}/periodTotals`;
  const opening = amount(totals?.openingBalance);
  const closing = amount(totals?.closingBalance);
  if (!opening || !closing) return;
  const unit = opening.unit;
  const received = amount(totals?.received);
  const consumed = amount(totals?.consumed);
  const adjustments = amount(totals?.lossesAdjustments);
  const unitsAgree = [
    [received, 'received'],
    [consumed, 'consumed'],
    [adjustments, 'lossesAdjustments'],
    [closing, 'closingBalance'],
  ].every(([q, member]) => {
    const given = q as Amount | undefined;
    if (!given || given.unit === unit) return true;
    report.add(
      'UNIT_MISMATCH',
      `${totalsPath}/${member as string}/unit`,
      `unit ${given.unit} differs from the opening balance unit ${unit}`,
      { unit: given.unit, expected: unit },
    );
    return false;
  });
  if (!unitsAgree) return;
  const closingPath = `${totalsPath}/closingBalance`;
  const sums = sumMovements(arr(line.movements), unit);
  const b = received?.value ?? sums?.received;
  const c = consumed?.value ?? sums?.consumed;
  const d = adjustments?.value ?? sums?.adjustments;
  const anyTotalGiven = received !== undefined || consumed !== undefined || adjustments !== undefined;
  if (anyTotalGiven && b !== undefined && c !== undefined && d !== undefined) {
    const expected = opening.value + b - c + d;
    if (!sameNumber(expected, closing.value)) {
      report.add(
        'STOCK_BALANCE_MISMATCH',
        closingPath,
        `closing balance ${closing.value} ≠ opening ${opening.value} + received − consumed ± adjustments = ${expected}`,
        { expected, actual: closing.value },
      );
      return;
    }
  }
  if (sums && !sameNumber(opening.value + sums.net, closing.value)) {
    report.add(
      'STOCK_BALANCE_MISMATCH',
      closingPath,
      `closing balance ${closing.value} ≠ opening ${opening.value} + credits − debits = ${opening.value + sums.net}`,
      { expected: opening.value + sums.net, actual: closing.value },
    );
    return;
  }
  const quantity = amount(line.quantity);
  if (isDifference && quantity && quantity.unit === unit && !sameNumber(quantity.value, closing.value)) {
    report.warn(
      'CLOSING_BALANCE_QUANTITY_MISMATCH',
      `${linePath}/quantity`,
      `line quantity ${quantity.value} differs from its closing balance ${closing.value}`,
      { expected: closing.value, actual: quantity.value },
    );
  }
}
