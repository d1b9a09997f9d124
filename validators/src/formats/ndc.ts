/**
 * US National Drug Code shapes (FDA; 91 FR 10749 moves every NDC to 12 digits 6-4-2 from 2033-03-07).
 * Hyphens are significant in 10-digit NDCs: `1234567890` could be 4-4-2, 5-3-2 or 5-4-1, so it is rejected;
 * the zero-padded 11-digit HIPAA form (5-4-2) and the 12-digit form may come without hyphens.
 */
const PACKAGE_NDC =
  /^(?:\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2}|\d{6}-\d{4}-\d{2}|\d{11}|\d{12})$/;
const PRODUCT_NDC = /^(?:\d{4}-\d{4}|\d{5}-\d{3,4}|\d{6}-\d{4})$/;

/** True for a product NDC (labeler-product) or a package NDC in any accepted form. */
export function isNdc(value: string): boolean {
  return PACKAGE_NDC.test(value) || PRODUCT_NDC.test(value);
}

/**
 * Normalises a package NDC to the 11-digit HIPAA form (5-4-2, no hyphens); returns undefined for
 * product NDCs, 12-digit NDCs (which have no 11-digit form) and anything that is not an NDC.
 */
export function toNdc11(value: string): string | undefined {
  const parts = value.split('-');
  if (parts.length === 1) return /^\d{11}$/.test(value) ? value : undefined;
  if (parts.length !== 3 || !PACKAGE_NDC.test(value)) return undefined;
  const [labeler = '', product = '', pkg = ''] = parts;
  if (labeler.length > 5) return undefined;
  return labeler.padStart(5, '0') + product.padStart(4, '0') + pkg.padStart(2, '0');
}
