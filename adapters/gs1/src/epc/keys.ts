/**
 * GS1 keys as EPCIS identifies things: the EPC schemes of the GS1 EPC Tag Data Standard (TDS 2.1 §6)
 * and the GS1 Digital Link primary keys (Digital Link URI Syntax 1.4 §4) name the same keys, so both
 * forms parse to this one shape.
 */

/** Which GS1 key an identifier carries; the names follow the EPC URN schemes. */
export type Gs1KeyScheme =
  | 'sgtin'
  | 'lgtin'
  | 'gtin'
  | 'sscc'
  | 'sgln'
  | 'pgln'
  | 'grai'
  | 'giai'
  | 'gdti'
  | 'gsrn'
  | 'gsrnp'
  | 'sgcn'
  | 'ginc'
  | 'gsin'
  | 'cpi'
  | 'itip'
  | 'upui';

/**
 * The GS1 keys behind one EPC URN or Digital Link URI, as Application Identifier values
 * (digits with their check digit computed, serials and lots unescaped).
 */
export interface Gs1Keys {
  /** The EPC scheme (instance level, or `lgtin`/`gtin` for classes of objects). */
  scheme: Gs1KeyScheme;
  /** `instance` for one object (SGTIN, SSCC, ...), `class` for a lot or a whole GTIN (LGTIN, idpat). */
  level: 'instance' | 'class';
  /** Application Identifier values by AI, in element-string order (e.g. `01`, `21`). */
  ais: Array<[ai: string, value: string]>;
  /** Length of the GS1 Company Prefix, when the identifier told it (EPC URNs do, Digital Link does not). */
  companyPrefixLength?: number;
}

/** The value of one AI in a set of keys, if present. */
export function aiValue(keys: Gs1Keys, ai: string): string | undefined {
  for (const [k, v] of keys.ais) if (k === ai) return v;
  return undefined;
}
