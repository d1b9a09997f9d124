/**
 * EPC URNs (GS1 EPC Tag Data Standard 2.1, §6 "EPC URI" and §8 "Pure identity pattern URI", and the
 * EPCIS class-level `urn:epc:class:lgtin`) to GS1 keys and back.
 *
 * A URN names the GS1 Company Prefix length (the dot after it); a bare GS1 key does not, so building
 * a URN needs that length from the caller.
 */
import { gs1CheckDigit } from '@medsupply/validators';
import { type Gs1KeyScheme, type Gs1Keys, aiValue } from './keys.js';

const DIGITS = /^[0-9]+$/;
// GS1 AI encodable character set 82, as TDS escapes it in URNs (%22 %25 %26 %2F %3C %3E %3F).
const URN_COMPONENT = /^(?:[A-Za-z0-9!'()*+,\-.:;=_]|%[0-9A-Fa-f]{2}){1,}$/;

/** Decodes the `%XX` escapes of an EPC URN component; undefined when an escape is malformed. */
export function unescapeEpcComponent(text: string): string | undefined {
  if (!URN_COMPONENT.test(text)) return undefined;
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Escapes a serial, lot or reference for use in an EPC URN (TDS 2.1 Table A-1). */
export function escapeEpcComponent(text: string): string {
  let out = '';
  for (const ch of text) {
    if (/[A-Za-z0-9!'()*+,\-.:;=_]/.test(ch)) out += ch;
    else out += `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function withCheck(digits: string): string {
  return digits + String(gs1CheckDigit(digits));
}

/** Moves the indicator (first digit of the second field) in front: TDS §7.1.1 for GTIN, §7.2.1 for SSCC. */
function keyFromIndicatorField(
  companyPrefix: string,
  indicatorAndRef: string,
  totalDigits: number,
): string | undefined {
  if (!DIGITS.test(companyPrefix) || !DIGITS.test(indicatorAndRef)) return undefined;
  if (companyPrefix.length + indicatorAndRef.length !== totalDigits) return undefined;
  return withCheck(indicatorAndRef.slice(0, 1) + companyPrefix + indicatorAndRef.slice(1));
}

function keyFromPlainFields(
  companyPrefix: string,
  reference: string,
  totalDigits: number,
): string | undefined {
  if (!DIGITS.test(companyPrefix) || !DIGITS.test(reference)) return undefined;
  if (companyPrefix.length + reference.length !== totalDigits) return undefined;
  return withCheck(companyPrefix + reference);
}

const PREFIX_LENGTH_OK = (length: number) => length >= 4 && length <= 12;

/**
 * Parses an EPC pure-identity URN (`urn:epc:id:…`), an LGTIN class URN (`urn:epc:class:lgtin:…`) or a
 * GTIN-level pattern (`urn:epc:idpat:sgtin:CP.IR.*`) into GS1 keys; undefined when the text is not one
 * of those or its fields are malformed.
 */
export function epcUrnToGs1Keys(urn: string): Gs1Keys | undefined {
  const match = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/.exec(urn);
  if (match === null) return undefined;
  const [, kind, scheme, body] = match as unknown as [string, string, string, string];
  const fields = body.split('.');
  const companyPrefix = fields[0] ?? '';
  if (!PREFIX_LENGTH_OK(companyPrefix.length)) return undefined;
  const keys = (
    schemeName: Gs1KeyScheme,
    level: Gs1Keys['level'],
    ais: Array<[string, string]>,
  ): Gs1Keys => ({
    scheme: schemeName,
    level,
    ais,
    companyPrefixLength: companyPrefix.length,
  });
  if (kind === 'class') {
    if (scheme !== 'lgtin' || fields.length < 3) return undefined;
    const gtin = keyFromIndicatorField(companyPrefix, fields[1] ?? '', 13);
    const lot = unescapeEpcComponent(fields.slice(2).join('.'));
    if (gtin === undefined || lot === undefined || lot.length > 20) return undefined;
    return keys('lgtin', 'class', [
      ['01', gtin],
      ['10', lot],
    ]);
  }
  if (kind === 'idpat') {
    if (scheme !== 'sgtin' || fields.length !== 3 || fields[2] !== '*') return undefined;
    const gtin = keyFromIndicatorField(companyPrefix, fields[1] ?? '', 13);
    return gtin === undefined ? undefined : keys('gtin', 'class', [['01', gtin]]);
  }
  return parseInstanceUrn(scheme, fields, keys);
}

function parseInstanceUrn(
  scheme: string,
  fields: string[],
  keys: (scheme: Gs1KeyScheme, level: Gs1Keys['level'], ais: Array<[string, string]>) => Gs1Keys,
): Gs1Keys | undefined {
  const [cp = '', second = '', ...rest] = fields;
  const serialOf = (parts: string[]) =>
    parts.length === 0 ? undefined : unescapeEpcComponent(parts.join('.'));
  switch (scheme) {
    case 'sgtin': {
      const gtin = keyFromIndicatorField(cp, second, 13);
      const serial = serialOf(rest);
      if (gtin === undefined || serial === undefined || serial.length > 20) return undefined;
      return keys('sgtin', 'instance', [
        ['01', gtin],
        ['21', serial],
      ]);
    }
    case 'sscc': {
      const sscc = fields.length === 2 ? keyFromIndicatorField(cp, second, 17) : undefined;
      return sscc === undefined ? undefined : keys('sscc', 'instance', [['00', sscc]]);
    }
    case 'sgln': {
      const gln = keyFromPlainFields(cp, second, 12);
      const extension = serialOf(rest);
      if (gln === undefined || extension === undefined || extension.length > 20) return undefined;
      const ais: Array<[string, string]> = [['414', gln]];
      if (extension !== '0') ais.push(['254', extension]);
      return keys('sgln', 'instance', ais);
    }
    case 'pgln': {
      const gln = fields.length === 2 ? keyFromPlainFields(cp, second, 12) : undefined;
      return gln === undefined ? undefined : keys('pgln', 'instance', [['417', gln]]);
    }
    case 'grai': {
      const base = keyFromPlainFields(cp, second, 12);
      const serial = serialOf(rest);
      if (base === undefined || serial === undefined || serial.length > 16) return undefined;
      return keys('grai', 'instance', [['8003', `0${base}${serial}`]]);
    }
    case 'giai': {
      const reference = fields.length === 2 ? unescapeEpcComponent(second) : undefined;
      if (!DIGITS.test(cp) || reference === undefined || cp.length + reference.length > 30) return undefined;
      return keys('giai', 'instance', [['8004', cp + reference]]);
    }
    case 'gdti':
    case 'sgcn': {
      const base = keyFromPlainFields(cp, second, 12);
      const serial = serialOf(rest);
      const maxSerial = scheme === 'gdti' ? 17 : 12;
      if (base === undefined || serial === undefined || serial.length > maxSerial) return undefined;
      if (scheme === 'gdti') return keys('gdti', 'instance', [['253', base + serial]]);
      // SGCN serials are digits only (TDS §6.3.13).
      return DIGITS.test(serial) ? keys('sgcn', 'instance', [['255', base + serial]]) : undefined;
    }
    case 'gsrn':
    case 'gsrnp': {
      const key = fields.length === 2 ? keyFromPlainFields(cp, second, 17) : undefined;
      if (key === undefined) return undefined;
      return keys(scheme, 'instance', [[scheme === 'gsrn' ? '8018' : '8017', key]]);
    }
    case 'ginc': {
      const reference = fields.length === 2 ? unescapeEpcComponent(second) : undefined;
      if (!DIGITS.test(cp) || reference === undefined || cp.length + reference.length > 30) return undefined;
      return keys('ginc', 'instance', [['401', cp + reference]]);
    }
    case 'gsin': {
      const key = fields.length === 2 ? keyFromPlainFields(cp, second, 16) : undefined;
      return key === undefined ? undefined : keys('gsin', 'instance', [['402', key]]);
    }
    case 'cpi': {
      const reference = unescapeEpcComponent(second);
      const serial = rest.length === 1 ? rest[0] : undefined;
      if (!DIGITS.test(cp) || reference === undefined || serial === undefined || !DIGITS.test(serial))
        return undefined;
      if (cp.length + reference.length > 30 || serial.length > 12) return undefined;
      return keys('cpi', 'instance', [
        ['8010', cp + reference],
        ['8011', serial],
      ]);
    }
    case 'itip': {
      const [piece = '', total = '', ...serialParts] = rest;
      const gtin = keyFromIndicatorField(cp, second, 13);
      const serial = serialOf(serialParts);
      if (
        gtin === undefined ||
        serial === undefined ||
        !/^[0-9]{2}$/.test(piece) ||
        !/^[0-9]{2}$/.test(total)
      ) {
        return undefined;
      }
      return keys('itip', 'instance', [
        ['8006', gtin + piece + total],
        ['21', serial],
      ]);
    }
    case 'upui': {
      const gtin = keyFromIndicatorField(cp, second, 13);
      const tpx = serialOf(rest);
      if (gtin === undefined || tpx === undefined || tpx.length > 28) return undefined;
      return keys('upui', 'instance', [
        ['01', gtin],
        ['235', tpx],
      ]);
    }
    default:
      return undefined;
  }
}

/**
 * Builds the EPC URN for a set of GS1 keys. The GS1 Company Prefix length is needed to place the
 * dot; undefined when the keys have no URN form (a GTIN without serial or lot) or the length does not fit.
 */
export function gs1KeysToEpcUrn(keys: Gs1Keys, companyPrefixLength: number): string | undefined {
  const cpl = companyPrefixLength;
  if (!PREFIX_LENGTH_OK(cpl)) return undefined;
  const indicatorSplit = (key: string) =>
    `${key.slice(1, 1 + cpl)}.${key.slice(0, 1)}${key.slice(1 + cpl, -1)}`;
  const plainSplit = (keyWithoutCheck: string) =>
    `${keyWithoutCheck.slice(0, cpl)}.${keyWithoutCheck.slice(cpl)}`;
  const gtin = aiValue(keys, '01');
  switch (keys.scheme) {
    case 'sgtin': {
      const serial = aiValue(keys, '21');
      if (gtin?.length !== 14 || serial === undefined) return undefined;
      return `urn:epc:id:sgtin:${indicatorSplit(gtin)}.${escapeEpcComponent(serial)}`;
    }
    case 'lgtin': {
      const lot = aiValue(keys, '10');
      if (gtin?.length !== 14 || lot === undefined) return undefined;
      return `urn:epc:class:lgtin:${indicatorSplit(gtin)}.${escapeEpcComponent(lot)}`;
    }
    case 'gtin':
      return gtin?.length === 14 ? `urn:epc:idpat:sgtin:${indicatorSplit(gtin)}.*` : undefined;
    case 'sscc': {
      const sscc = aiValue(keys, '00');
      return sscc?.length === 18 ? `urn:epc:id:sscc:${indicatorSplit(sscc)}` : undefined;
    }
    case 'sgln': {
      const gln = aiValue(keys, '414');
      if (gln?.length !== 13) return undefined;
      return `urn:epc:id:sgln:${plainSplit(gln.slice(0, -1))}.${escapeEpcComponent(aiValue(keys, '254') ?? '0')}`;
    }
    case 'pgln': {
      const gln = aiValue(keys, '417');
      return gln?.length === 13 ? `urn:epc:id:pgln:${plainSplit(gln.slice(0, -1))}` : undefined;
    }
    case 'grai': {
      const grai = aiValue(keys, '8003');
      if (grai === undefined || grai.length < 15) return undefined;
      return `urn:epc:id:grai:${plainSplit(grai.slice(1, 13))}.${escapeEpcComponent(grai.slice(14))}`;
    }
    case 'giai': {
      const giai = aiValue(keys, '8004');
      return giai === undefined
        ? undefined
        : `urn:epc:id:giai:${giai.slice(0, cpl)}.${escapeEpcComponent(giai.slice(cpl))}`;
    }
    case 'gdti':
    case 'sgcn': {
      const value = aiValue(keys, keys.scheme === 'gdti' ? '253' : '255');
      if (value === undefined || value.length < 14) return undefined;
      return `urn:epc:id:${keys.scheme}:${plainSplit(value.slice(0, 12))}.${escapeEpcComponent(value.slice(13))}`;
    }
    case 'gsrn':
    case 'gsrnp': {
      const value = aiValue(keys, keys.scheme === 'gsrn' ? '8018' : '8017');
      return value?.length === 18 ? `urn:epc:id:${keys.scheme}:${plainSplit(value.slice(0, -1))}` : undefined;
    }
    case 'ginc': {
      const value = aiValue(keys, '401');
      return value === undefined
        ? undefined
        : `urn:epc:id:ginc:${value.slice(0, cpl)}.${escapeEpcComponent(value.slice(cpl))}`;
    }
    case 'gsin': {
      const value = aiValue(keys, '402');
      return value?.length === 17 ? `urn:epc:id:gsin:${plainSplit(value.slice(0, -1))}` : undefined;
    }
    case 'cpi': {
      const value = aiValue(keys, '8010');
      const serial = aiValue(keys, '8011');
      if (value === undefined || serial === undefined) return undefined;
      return `urn:epc:id:cpi:${value.slice(0, cpl)}.${escapeEpcComponent(value.slice(cpl))}.${serial}`;
    }
    case 'itip': {
      const value = aiValue(keys, '8006');
      const serial = aiValue(keys, '21');
      if (value?.length !== 18 || serial === undefined) return undefined;
      const split = indicatorSplit(value.slice(0, 14));
      return `urn:epc:id:itip:${split}.${value.slice(14, 16)}.${value.slice(16, 18)}.${escapeEpcComponent(serial)}`;
    }
    case 'upui': {
      const tpx = aiValue(keys, '235');
      if (gtin?.length !== 14 || tpx === undefined) return undefined;
      return `urn:epc:id:upui:${indicatorSplit(gtin)}.${escapeEpcComponent(tpx)}`;
    }
  }
}
