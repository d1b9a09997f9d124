import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import { autoForecast } from './auto.js';
import { backtestOrigins } from './backtest.js';
import { prepareEts } from './methods/ets.js';

describe('accuracy', () => {
  it('scales MASE by the in-sample naive MAE and RMSSE by its MSE', () => {
    // Naive one-step errors in sample: |2-0|,|0-2|,|2-0| = 2 each, so the MAE and RMSE scales are 2.
    const score = accuracy([0, 2, 0, 2], [1, 3], [2, 2]);
    expect(score.mase).toBeCloseTo(1 / 2);
    expect(score.rmsse).toBeCloseTo(1 / 2);
    expect(score.wape).toBeCloseTo(2 / 4);
    expect(score.bias).toBeCloseTo(0);
  });

  it('gives no scaled error for a history that never changes, and no WAPE when nothing was consumed', () => {
    const score = accuracy([3, 3, 3], [0, 0], [1, 1]);
    expect(score.mase).toBeUndefined();
    expect(score.wape).toBeUndefined();
  });

  it('a forecast of zeros can win MASE on intermittent data but not RMSSE', () => {
    const history = [0, 0, 6, 0, 0, 0, 6, 0, 0, 6];
    const actual = [0, 0, 6, 0, 0, 6];
    const zeros = accuracy(history, actual, [0, 0, 0, 0, 0, 0]);
    const mean = accuracy(history, actual, [2, 2, 2, 2, 2, 2]);
    expect(zeros.mase!).toBeLessThanOrEqual(mean.mase!);
    expect(zeros.rmsse!).toBeGreaterThan(mean.rmsse!);
  });
});

describe('back-test and auto', () => {
  beforeAll(prepareEts);

  it('rolls the origin back one month at a time, keeping the minimum history', () => {
    expect(backtestOrigins(20, { horizon: 6, origins: 3, minHistory: 6 })).toEqual([14, 13, 12]);
    expect(backtestOrigins(8, { horizon: 6, origins: 6, minHistory: 6 })).toEqual([6]);
  });

  it('falls back to the mean of everything seen when the history is too short to back-test', () => {
    const result = autoForecast([2, 4, 6], 2);
    expect(result.methods).toEqual(['ma']);
    expect(result.forecast.point).toEqual([4, 4]);
  });

  it('chooses among the methods by back-test and records every score', () => {
    const series = Array.from({ length: 36 }, (_, t) => (t % 3 === 0 ? 6 : 0));
    const result = autoForecast(series, 6);
    expect(result.methods.length).toBeGreaterThan(0);
    expect(Object.keys(result.scores)).toEqual(expect.arrayContaining(['sba', 'tsb', 'ets', 'ma']));
    for (const value of result.forecast.point) expect(value).toBeGreaterThanOrEqual(0);
  });
});
