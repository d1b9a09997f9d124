/**
 * EPCIS quantities carry UN/ECE Recommendation 20 unit codes (EPCIS 2.0 §7.3.3.3); canonical
 * quantities carry UCUM. Only units with an exact counterpart are listed; others are reported.
 */
import { lookupTable } from '../lookup.js';

const REC20_TO_UCUM: Readonly<Record<string, string>> = lookupTable({
  KGM: 'kg',
  GRM: 'g',
  MGM: 'mg',
  MC: 'ug',
  TNE: 't',
  LTR: 'L',
  MLT: 'mL',
  MTQ: 'm3',
  CMQ: 'cm3',
  MTR: 'm',
  CMT: 'cm',
  MMT: 'mm',
  MTK: 'm2',
  H87: '1',
  C62: '1',
  EA: '1',
});

const UCUM_TO_REC20: Readonly<Record<string, string>> = lookupTable({
  kg: 'KGM',
  g: 'GRM',
  mg: 'MGM',
  ug: 'MC',
  t: 'TNE',
  L: 'LTR',
  l: 'LTR',
  mL: 'MLT',
  ml: 'MLT',
  m3: 'MTQ',
  cm3: 'CMQ',
  m: 'MTR',
  cm: 'CMT',
  mm: 'MMT',
  m2: 'MTK',
});

/** The UCUM unit of an EPCIS quantity; no `uom` means a count of instances (UCUM `1`). */
export function ucumOfRec20(uom: string | undefined): string | undefined {
  return uom === undefined ? '1' : REC20_TO_UCUM[uom];
}

/**
 * The EPCIS `uom` of a canonical unit: counts (`1`, or annotations such as `{pack}`) have none,
 * `null` means the unit has no Rec 20 code here.
 */
export function rec20OfUcum(unit: string): string | undefined | null {
  if (unit === '1' || /^\{[^{}]+\}$/.test(unit)) return undefined;
  return UCUM_TO_REC20[unit] ?? null;
}
