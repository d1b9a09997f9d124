/**
 * @medsupply/forecast: the standard way to forecast medicine demand from consumption history, so two
 * countries forecasting the same product get the same numbers from the same data.
 */
export * from './methods/index.js';
export { accuracy, type Accuracy } from './accuracy.js';
export { backtest, backtestOrigins, type BacktestOptions, type BacktestScore } from './backtest.js';
export { autoForecast, type AutoOptions, type AutoResult } from './auto.js';
export {
  ConsumptionHistory,
  type HistoryIssue,
  type MonthlySeries,
  type SeriesContext,
  type SeriesKey,
  addMonths,
  daysInMonth,
  monthOfPeriod,
  seriesId,
} from './history.js';
export {
  type ForecastOptions,
  type MethodChoice,
  type SeriesForecastResult,
  type SeriesNotForecast,
  backtestSeries,
  forecastSeries,
  regularValues,
} from './run.js';
