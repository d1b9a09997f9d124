/**
 * The indicator catalogue, as data: what each metric means, exactly how it is computed, from which
 * documents, in which unit, and who defines it. docs/reference/metrics.md is generated from this table,
 * and `medsupply metrics --format json` prints it as `definitions`.
 */

/** A dimension a metric row is keyed by. */
export type Dimension = 'product' | 'location' | 'party' | 'site';

/** One indicator of the catalogue. */
export interface MetricDefinition {
  /** Stable id: never renamed or reused. */
  id: string;
  /** A short name for people. */
  name: string;
  /** The formula, exactly as computed. */
  formula: string;
  /** The canonical document members it reads. */
  inputs: string[];
  /** UCUM unit of the value; absent for pure numbers (counts, index points). */
  unit?: string;
  /** What one row is keyed by. */
  dimensions: Dimension[];
  /** The period of a row: month `YYYY-MM`, year `YYYY`, or none. */
  period: 'month' | 'year' | 'none';
  /** Who defines the indicator. */
  source: string;
}

const SOH =
  'SOH = sum of line quantities with disposition `available` or absent, across lots, in the latest snapshot (by `asOf`) in the month whose listing has the location; a location whose lines for the product are all non-available has SOH 0';
const AMC =
  'AMC = mean adjusted consumption over the up to 3 most recent months <= M with a one-month difference report (1st to last day of a calendar month); adjusted = consumed x D / (D - stockoutDays), D = days of the month (consumed itself when stockoutDays >= D); consumed = `periodTotals.consumed`, else the sum of `consumption` and `issue` movements (debits add, credits subtract)';

/** What forecast accuracy reads: stored forecasts, and the consumption that followed them. */
const FORECAST_ACCURACY_INPUTS = [
  'DemandForecast.product, scope.location, measure, series[].period, quantity',
  'StockReport(difference).listings[].lines[].periodTotals.consumed, stockoutDays, movements',
];

/** Every indicator medsupply computes, in report order. */
export const METRICS: readonly MetricDefinition[] = [
  {
    id: 'months-of-stock',
    name: 'Months of stock',
    formula: `SOH / AMC, only where the month has a snapshot for the location and AMC > 0 (0 is a value). ${SOH}. ${AMC}.`,
    inputs: [
      'StockReport(snapshot).asOf',
      'StockReport(snapshot).listings[].lines[].quantity, disposition',
      'StockReport(difference).period',
      'StockReport(difference).listings[].lines[].periodTotals.consumed, stockoutDays',
      'StockReport(difference).listings[].lines[].movements[type consumption|issue]',
    ],
    unit: 'mo',
    dimensions: ['product', 'location'],
    period: 'month',
    source:
      'USAID | DELIVER PROJECT, The Logistics Handbook (2011), ch. 2 and 4; OpenLMIS v3 adjusted consumption and AMC',
  },
  {
    id: 'stock-out-rate',
    name: 'Stock-out rate',
    formula: `locations whose SOH of the product is 0 / locations with a line for the product in their latest snapshot of the month. ${SOH}.`,
    inputs: ['StockReport(snapshot).asOf', 'StockReport(snapshot).listings[].lines[].quantity, disposition'],
    unit: '1',
    dimensions: ['product'],
    period: 'month',
    source:
      'USAID | DELIVER PROJECT, The Logistics Handbook (2011), stock-out rate; WHO/MEASURE service availability indicators',
  },
  {
    id: 'stocked-according-to-plan',
    name: 'Stocked according to plan',
    formula:
      'locations with min <= months-of-stock <= max / locations with a months-of-stock row for the product in the month (min and max months are options, default 3 and 6)',
    inputs: ['months-of-stock'],
    unit: '1',
    dimensions: ['product'],
    period: 'month',
    source:
      'USAID | DELIVER PROJECT, The Logistics Handbook (2011), max-min inventory control; GHSC-PSM performance reporting (stocked according to plan)',
  },
  {
    id: 'stock-out-days',
    name: 'Stock-out days',
    formula:
      'periodTotals.stockoutDays of the product at the location in a one-month difference report (the largest over its lines when lots are reported separately)',
    inputs: [
      'StockReport(difference).period',
      'StockReport(difference).listings[].lines[].periodTotals.stockoutDays',
    ],
    unit: 'd',
    dimensions: ['product', 'location'],
    period: 'month',
    source: 'OpenLMIS v3 requisition column X (total stockout days)',
  },
  {
    id: 'reporting-completeness',
    name: 'Reporting completeness',
    formula:
      'locations with a stock report (a snapshot dated in the month or a one-month difference report) / locations that sent any stock report, for every month from the first to the last month reported',
    inputs: ['StockReport.asOf', 'StockReport.period', 'StockReport.listings[].location'],
    unit: '1',
    dimensions: [],
    period: 'month',
    source:
      'WHO, Harmonized monitoring and evaluation indicators for procurement and supply management systems (2011): reporting rate; OpenLMIS reporting rate',
  },
  {
    id: 'lead-time-days-p90',
    name: 'Lead time, 90th percentile',
    formula:
      'nearest-rank 90th percentile (the ceil(0.9 n)-th smallest) of days from orderRef.orderDate to dates.receivedDate (date parts), one sample per received shipment and product',
    inputs: [
      'Shipment.status = received',
      'Shipment.orderRef.orderDate',
      'Shipment.dates.receivedDate',
      'Shipment.shipper',
      'Shipment.lines[].product',
    ],
    unit: 'd',
    dimensions: ['party', 'product'],
    period: 'none',
    source: 'GHSC-PSM performance reporting (lead time); USAID | DELIVER Logistics Handbook (lead time)',
  },
  {
    id: 'lead-time-days-mean',
    name: 'Lead time, mean',
    formula: 'mean of the same samples as lead-time-days-p90',
    inputs: [
      'Shipment.status = received',
      'Shipment.orderRef.orderDate',
      'Shipment.dates.receivedDate',
      'Shipment.shipper',
      'Shipment.lines[].product',
    ],
    unit: 'd',
    dimensions: ['party', 'product'],
    period: 'none',
    source: 'GHSC-PSM performance reporting (lead time); USAID | DELIVER Logistics Handbook (lead time)',
  },
  {
    id: 'on-time-in-full',
    name: 'On time, in full',
    formula:
      'received shipments with dates.receivedDate <= orderRef.requestedDeliveryDate (date parts) and every line quantityAccepted (else quantityReceived, else 0) >= quantityOrdered (else quantityShipped) / received shipments with a requested delivery date; each shipment counts once',
    inputs: [
      'Shipment.status = received',
      'Shipment.orderRef.requestedDeliveryDate',
      'Shipment.dates.receivedDate',
      'Shipment.lines[].quantity*',
    ],
    unit: '1',
    dimensions: ['party'],
    period: 'none',
    source: 'GHSC-PSM performance reporting (on-time in-full delivery)',
  },
  {
    id: 'supplier-hhi',
    name: 'Supplier concentration (HHI)',
    formula:
      'sum over shippers of (100 x shipper quantity shipped / total quantity shipped)^2, over every shipment with an actual ship date that is not cancelled (in transit included), per product and year of dates.actualShipDate; 0 to 10 000',
    inputs: [
      'Shipment.status',
      'Shipment.dates.actualShipDate',
      'Shipment.shipper',
      'Shipment.lines[].quantityShipped',
    ],
    dimensions: ['product'],
    period: 'year',
    source:
      'U.S. Department of Justice and Federal Trade Commission, Merger Guidelines (2023), Herfindahl-Hirschman Index',
  },
  {
    id: 'single-source-share',
    name: 'Single-source share',
    formula: 'products with exactly one shipper / products with a supplier-hhi value in the year',
    inputs: ['supplier-hhi'],
    unit: '1',
    dimensions: [],
    period: 'year',
    source:
      'U.S. Department of Justice and Federal Trade Commission, Merger Guidelines (2023); single-source risk as in the GHSC-PSM supplier performance reporting',
  },
  {
    id: 'capacity-utilisation',
    name: 'Capacity utilisation',
    formula:
      'producedQuantity / nominalCapacity, one row per CapacityReport with both quantities and a capacity > 0',
    inputs: [
      'CapacityReport.site',
      'CapacityReport.product',
      'CapacityReport.producedQuantity',
      'CapacityReport.nominalCapacity',
    ],
    unit: '1',
    dimensions: ['site', 'product'],
    period: 'none',
    source:
      'WHO, Local production and technology transfer (capacity utilisation); CARES Act 510(j)(3) volume reporting',
  },
  {
    id: 'shortage-count',
    name: 'Shortage notices',
    formula:
      'ShortageNotices naming the product whose dates.startDate falls in the year (the latest version of each notice; withdrawn notices excluded)',
    inputs: ['ShortageNotice.products[].product', 'ShortageNotice.dates.startDate', 'ShortageNotice.status'],
    dimensions: ['product'],
    period: 'year',
    source: 'WHO, Medicines shortages (2016) and the ASHP/FDA shortage reporting practice',
  },
  {
    id: 'shortage-active',
    name: 'Active shortages',
    formula:
      'ShortageNotices naming the product with dates.startDate <= as-of date, not withdrawn, and not resolved by then (status resolved with dates.resolvedDate <= as-of)',
    inputs: [
      'ShortageNotice.products[].product',
      'ShortageNotice.dates.startDate, resolvedDate',
      'ShortageNotice.status',
    ],
    dimensions: ['product'],
    period: 'none',
    source: 'WHO, Medicines shortages (2016); EMA/HMA shortage catalogue',
  },
  {
    id: 'shortage-duration-days-mean',
    name: 'Shortage duration, mean',
    formula:
      'mean over the notices counted in shortage-count of (dates.resolvedDate, or the as-of date while unresolved) - dates.startDate, in days',
    inputs: ['ShortageNotice.dates.startDate, resolvedDate', 'ShortageNotice.status'],
    unit: 'd',
    dimensions: ['product'],
    period: 'year',
    source: 'WHO, Medicines shortages (2016): duration of shortages',
  },
  {
    id: 'forecast-wape',
    name: 'Forecast error (WAPE)',
    formula:
      'per DemandForecast (measure demand or constrainedDemand) of a product at a location: sum |forecast - actual| / sum actual over the months of its series that have a one-month difference report, actual = adjusted consumption as in AMC (converted to the forecast unit); period = the first month of the forecast; not computable when nothing was consumed',
    inputs: FORECAST_ACCURACY_INPUTS,
    unit: '1',
    dimensions: ['product', 'location'],
    period: 'month',
    source: 'USAID GHSC-PSM performance reporting: forecast accuracy (WAPE); Kolassa & Schütz (2007)',
  },
  {
    id: 'forecast-bias',
    name: 'Forecast bias',
    formula:
      'per DemandForecast as in forecast-wape: sum (forecast - actual) / sum actual; positive over-forecasts (overstock), negative under-forecasts (stock-out risk)',
    inputs: FORECAST_ACCURACY_INPUTS,
    unit: '1',
    dimensions: ['product', 'location'],
    period: 'month',
    source: 'USAID GHSC-PSM performance reporting: forecast bias',
  },
  {
    id: 'forecast-mase',
    name: 'Forecast error (MASE)',
    formula:
      'per DemandForecast as in forecast-wape: mean |forecast - actual| over the compared months / mean |a(t) - a(t-1)| over consecutive months with adjusted consumption before the first forecast month (the in-sample naive error); below 1 beats a naive forecast; not computable without two consecutive earlier months or when they never change',
    inputs: FORECAST_ACCURACY_INPUTS,
    unit: '1',
    dimensions: ['product', 'location'],
    period: 'month',
    source: 'Hyndman & Koehler (2006), Another look at measures of forecast accuracy',
  },
];

/** The definition of a metric id. */
export function metricDefinition(id: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id);
}
