/**
 * Cell values to JSON values. Conversions are strict and never drop a cell: a cell that is not what
 * its column expects stays a string, so the schema reports TYPE_MISMATCH at the member it fills.
 */

// JSON number grammar (RFC 8259 §6): no leading `+`, no leading zeros, no spaces, decimal point only.
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** A number when the cell is a JSON number with a finite value, else the cell itself. */
export function numberCell(cell: string): number | string {
  if (!JSON_NUMBER.test(cell)) return cell;
  const value = Number(cell);
  return Number.isFinite(value) ? value : cell;
}

/** `true` or `false` (exactly, lower case), else the cell itself. */
export function booleanCell(cell: string): boolean | string {
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  return cell;
}

/** Separates the items of a multi-valued cell (`US|CA`); `|` never occurs in codes or URIs. */
export const LIST_SEPARATOR = '|';

/** The items of a multi-valued cell, taken as written (an empty item stays, for the schema to report). */
export function listCell(cell: string): string[] {
  return cell.split(LIST_SEPARATOR);
}

const MARKET_SCOPE_KEYWORDS = new Set(['domestic', 'export', 'all']);

/** CapacityReport `marketScope`: a keyword (`domestic`, `export`, `all`) or a list of countries. */
export function marketScopeCell(cell: string): string | string[] {
  return MARKET_SCOPE_KEYWORDS.has(cell) ? cell : listCell(cell);
}
