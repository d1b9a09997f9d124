/** DemandForecast rules: series entries lie inside the horizon, do not overlap, and bounds bracket the value. */
import { packCountRule } from './common.js';
import type { RuleReport } from './rule.js';
import { type JsonObject, amount, arr, day, obj } from './values.js';

/** Checks one DemandForecast. */
export function demandForecastRules(document: JsonObject, report: RuleReport): void {
  const horizon = obj(document.horizon);
  const horizonStart = day(horizon?.start);
  const horizonEnd = day(horizon?.end);
  const periods: Array<{ index: number; start: string; end: string }> = [];
  arr(document.series).forEach((raw, i) => {
    const entry = obj(raw);
    if (!entry) return;
    const path = `/series/${i}`;
    const period = obj(entry.period);
    const start = day(period?.start);
    const end = day(period?.end);
    if (start && end && horizonStart && horizonEnd && (start < horizonStart || end > horizonEnd)) {
      report.add(
        'FORECAST_SERIES_OUTSIDE_HORIZON',
        `${path}/period`,
        `${start}..${end} is outside the horizon ${horizonStart}..${horizonEnd}`,
      );
    }
    if (start && end && start <= end) periods.push({ index: i, start, end });
    packCountRule(document.product, [[entry.quantity, `${path}/quantity`]], report);
    const quantity = amount(entry.quantity);
    const lower = amount(entry.lower);
    const upper = amount(entry.upper);
    for (const [member, bound] of [
      ['lower', lower],
      ['upper', upper],
    ] as const) {
      if (quantity && bound && bound.unit !== quantity.unit) {
        report.add(
          'UNIT_MISMATCH',
          `${path}/${member}/unit`,
          `unit ${bound.unit} differs from the quantity unit ${quantity.unit}`,
        );
      }
    }
    if (quantity && lower && lower.unit === quantity.unit && lower.value > quantity.value) {
      report.add(
        'FORECAST_BOUNDS_INVALID',
        `${path}/lower`,
        `lower bound ${lower.value} is above the forecast ${quantity.value}`,
      );
    }
    if (quantity && upper && upper.unit === quantity.unit && upper.value < quantity.value) {
      report.add(
        'FORECAST_BOUNDS_INVALID',
        `${path}/upper`,
        `upper bound ${upper.value} is below the forecast ${quantity.value}`,
      );
    }
  });
  // Report each overlap once, on the entry that starts later.
  const sorted = [...periods].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index,
  );
  let latestEnd: string | undefined;
  for (const p of sorted) {
    if (latestEnd !== undefined && p.start <= latestEnd) {
      report.add(
        'FORECAST_SERIES_OVERLAP',
        `/series/${p.index}/period`,
        `${p.start}..${p.end} overlaps an earlier series period`,
      );
    }
    if (latestEnd === undefined || p.end > latestEnd) latestEnd = p.end;
  }
}
