/**
 * EPCIS identifiers: EPC URNs and GS1 Digital Link URIs, both read to GS1 keys and written from them.
 */
import { digitalLinkToGs1Keys, gs1KeysToDigitalLink } from './digital-link.js';
import type { Gs1Keys } from './keys.js';
import { epcUrnToGs1Keys, gs1KeysToEpcUrn } from './urn.js';

export { GS1_DIGITAL_LINK_BASE, gs1KeysToDigitalLink, digitalLinkToGs1Keys } from './digital-link.js';
export { aiValue, type Gs1KeyScheme, type Gs1Keys } from './keys.js';
export { gs1KeysToEpcUrn, escapeEpcComponent, epcUrnToGs1Keys, unescapeEpcComponent } from './urn.js';

/**
 * Reads an EPCIS identifier (`urn:epc:…` or a GS1 Digital Link URI) to GS1 keys; undefined for other
 * URIs (private `urn:example:…`, `urn:epc:id:gid:…`, web URIs without a GS1 primary key).
 */
export function parseEpcIdentifier(uri: string): Gs1Keys | undefined {
  return uri.startsWith('urn:epc:') ? epcUrnToGs1Keys(uri) : digitalLinkToGs1Keys(uri);
}

/** Rewrites an EPC URN as a GS1 Digital Link URI (EPCIS 2.0 §8.3 allows either). */
export function epcUrnToDigitalLink(urn: string, base?: string): string | undefined {
  const keys = epcUrnToGs1Keys(urn);
  return keys === undefined ? undefined : gs1KeysToDigitalLink(keys, base);
}

/**
 * Rewrites a GS1 Digital Link URI as an EPC URN; needs the GS1 Company Prefix length, which only
 * the key's issuer (or a GS1 prefix table) knows.
 */
export function digitalLinkToEpcUrn(uri: string, companyPrefixLength: number): string | undefined {
  const keys = digitalLinkToGs1Keys(uri);
  return keys === undefined ? undefined : gs1KeysToEpcUrn(keys, companyPrefixLength);
}

/** How writers should express GS1 keys: EPC URNs need the company prefix length; Digital Link does not. */
export interface IdentifierStyle {
  /** `urn` writes EPC URNs where the prefix length is known and falls back to Digital Link. */
  style: 'urn' | 'digital-link';
  /** Returns the GS1 Company Prefix length of a key (e.g. from a GEPIR/prefix table). */
  companyPrefixLength?: (key: string) => number | undefined;
  /** Digital Link domain; defaults to https://id.gs1.org. */
  digitalLinkBase?: string;
}

/** Writes GS1 keys as an EPCIS identifier in the requested style. */
export function formatEpcIdentifier(keys: Gs1Keys, style: IdentifierStyle): string | undefined {
  if (style.style === 'urn') {
    const key = keys.ais[0]?.[1];
    const length =
      keys.companyPrefixLength ?? (key === undefined ? undefined : style.companyPrefixLength?.(key));
    const urn = length === undefined ? undefined : gs1KeysToEpcUrn(keys, length);
    if (urn !== undefined) return urn;
  }
  return gs1KeysToDigitalLink(keys, style.digitalLinkBase);
}
