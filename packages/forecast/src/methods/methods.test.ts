import { beforeAll, describe, expect, it } from 'vitest';
import { movingAverage, naive, seasonalNaive } from './baselines.js';
import { ets, prepareEts } from './ets.js';
import { classifyDemand, croston, sba, tsb } from './intermittent.js';

describe('baselines', () => {
  it('naive repeats the last value, with an interval that widens with the horizon', () => {
    const f = naive([3, 5, 4, 6], 3)!;
    expect(f.point).toEqual([6, 6, 6]);
    const widths = f.upper!.map((u, k) => u - f.lower![k]!);
    expect(widths[2]).toBeGreaterThan(widths[0]!);
  });

  it('moving average takes the mean of the last six months, or of all when fewer', () => {
    expect(movingAverage([100, 1, 2, 3, 4, 5, 6], 2)!.point).toEqual([3.5, 3.5]);
    expect(movingAverage([2, 4], 1)!.point).toEqual([3]);
  });

  it('seasonal naive repeats the same month of last year and needs a full year', () => {
    const year = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(seasonalNaive([0, ...year], 3)!.point).toEqual([1, 2, 3]);
    expect(seasonalNaive(year.slice(0, 11), 3)).toBeUndefined();
  });

  it('never gives a negative lower bound', () => {
    const f = naive([0, 9, 0, 9, 0], 2)!;
    expect(Math.min(...f.lower!)).toBeGreaterThanOrEqual(0);
  });
});

describe('intermittent-demand methods', () => {
  const history = [0, 0, 4, 0, 0, 0, 4, 0, 0, 4, 0, 0];

  it('Croston forecasts size over interval: demand of 4 every 3-4 months is about 1.1 a month', () => {
    const rate = croston(history, 1)!.point[0]!;
    expect(rate).toBeGreaterThan(0.9);
    expect(rate).toBeLessThan(1.5);
  });

  it('SBA is Croston scaled down by (1 - alpha/2)', () => {
    const ratio = sba(history, 1)!.point[0]! / croston(history, 1)!.point[0]!;
    expect(ratio).toBeGreaterThanOrEqual(0.85);
    expect(ratio).toBeLessThan(1);
  });

  it('TSB lowers its forecast when demand stops (obsolescence), where Croston does not', () => {
    const dying = [5, 0, 5, 0, 5, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(tsb(dying, 1)!.point[0]!).toBeLessThan(croston(dying, 1)!.point[0]!);
  });

  it('forecasts zero for a series that never had demand, and nothing for an empty one', () => {
    expect(croston([0, 0, 0], 2)!.point).toEqual([0, 0]);
    expect(tsb([0, 0, 0], 2)!.point).toEqual([0, 0]);
    expect(sba([], 2)).toBeUndefined();
  });

  it('classifies demand by ADI and CV² (Syntetos-Boylan cut-offs 1.32 and 0.49)', () => {
    expect(classifyDemand([10, 11, 9, 10]).demandClass).toBe('smooth');
    expect(classifyDemand([1, 30, 2, 40]).demandClass).toBe('erratic');
    expect(classifyDemand([0, 5, 0, 0, 5, 0, 6]).demandClass).toBe('intermittent');
    expect(classifyDemand([0, 1, 0, 0, 40, 0, 3]).demandClass).toBe('lumpy');
    expect(classifyDemand([0, 0]).demandClass).toBe('none');
  });
});

describe('ETS (augurs)', () => {
  beforeAll(prepareEts);

  it('fits a level series and forecasts near its level, with an interval around it', () => {
    const f = ets([20, 22, 19, 21, 20, 23, 18, 21, 20, 22, 19, 21], 3)!;
    for (const value of f.point) expect(Math.abs(value - 20.5)).toBeLessThan(2);
    expect(f.lower!.every((low, k) => low <= f.point[k]! && f.point[k]! <= f.upper![k]!)).toBe(true);
  });

  it('declines histories shorter than four months', () => {
    expect(ets([1, 2, 3], 2)).toBeUndefined();
  });
});
