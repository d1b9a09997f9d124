/**
 * FHIR search strings for conditional requests (https://hl7.org/fhir/R5/search.html#escaping).
 */

/** Escapes the FHIR search separators `\`, `|`, `,` and `$` inside one token part. */
function escapeSearchValue(value: string): string {
  return value.replace(/[\\|,$]/g, (c) => `\\${c}`);
}

/** `identifier=system|value`, URL-encoded, as used in `ifNoneExist` and conditional update URLs. */
export function identifierQuery(system: string, value: string): string {
  return `identifier=${encodeURIComponent(escapeSearchValue(system))}|${encodeURIComponent(escapeSearchValue(value))}`;
}
