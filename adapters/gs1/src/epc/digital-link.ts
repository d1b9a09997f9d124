/**
 * GS1 Digital Link URIs (GS1 Digital Link URI Syntax 1.4, §4: primary key, key qualifiers) for the
 * keys EPCIS uses, to GS1 keys and back. Only the path is read: query attributes (expiry, ...) are data
 * about the object, not its identity, and the domain may be anyone's (`https://id.example.com/01/…`).
 */
import { hasValidGs1CheckDigit } from '@medsupply/validators';
import type { Gs1KeyScheme, Gs1Keys } from './keys.js';

/** The domain GS1 runs for Digital Link URIs; writers use it unless told otherwise. */
export const GS1_DIGITAL_LINK_BASE = 'https://id.gs1.org';

/** Primary-key AIs with the qualifiers each allows, in the order the syntax requires. */
const PRIMARY_KEYS: Readonly<Record<string, readonly string[]>> = {
  '01': ['22', '10', '21', '235'],
  '00': [],
  '414': ['254', '7040'],
  '417': [],
  '8003': [],
  '8004': [],
  '253': [],
  '8018': ['8019'],
  '8017': ['8019'],
  '255': [],
  '8010': ['8011'],
  '401': [],
  '402': [],
  '8006': ['22', '10', '21'],
};

/** AIs whose whole value ends in a mod-10 check digit. */
const FULLY_CHECKED = new Set(['01', '00', '414', '417', '8018', '8017', '402']);
/** AIs whose first 13 digits end in a check digit, followed by a serial (GDTI, GCN) or preceded by 0 (GRAI). */
const PREFIX_CHECKED: Readonly<Record<string, [start: number, end: number]>> = {
  '253': [0, 13],
  '255': [0, 13],
  '8003': [1, 14],
  '8006': [0, 14],
};

function checkDigitsHold(ai: string, value: string): boolean {
  if (FULLY_CHECKED.has(ai)) return hasValidGs1CheckDigit(value);
  const range = PREFIX_CHECKED[ai];
  if (range === undefined) return true;
  return value.length >= range[1] && hasValidGs1CheckDigit(value.slice(range[0], range[1]));
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function schemeOf(
  primary: string,
  ais: ReadonlyArray<[string, string]>,
): [Gs1KeyScheme, Gs1Keys['level']] | undefined {
  const has = (ai: string) => ais.some(([k]) => k === ai);
  switch (primary) {
    case '01':
      if (has('235')) return ['upui', 'instance'];
      if (has('21')) return ['sgtin', 'instance'];
      if (has('10')) return ['lgtin', 'class'];
      return ['gtin', 'class'];
    case '00':
      return ['sscc', 'instance'];
    case '414':
      return ['sgln', 'instance'];
    case '417':
      return ['pgln', 'instance'];
    case '8003':
      return ['grai', (ais[0]?.[1].length ?? 0) > 14 ? 'instance' : 'class'];
    case '8004':
      return ['giai', 'instance'];
    case '253':
      return ['gdti', (ais[0]?.[1].length ?? 0) > 13 ? 'instance' : 'class'];
    case '8018':
      return ['gsrn', 'instance'];
    case '8017':
      return ['gsrnp', 'instance'];
    case '255':
      return ['sgcn', 'instance'];
    case '8010':
      return ['cpi', has('8011') ? 'instance' : 'class'];
    case '401':
      return ['ginc', 'instance'];
    case '402':
      return ['gsin', 'instance'];
    case '8006':
      return has('21') ? ['itip', 'instance'] : undefined;
    default:
      return undefined;
  }
}

/**
 * Parses the path of a GS1 Digital Link URI (any domain, any path prefix before the primary key) into
 * GS1 keys; undefined when no primary key is found, a qualifier is out of place or a check digit is wrong.
 */
export function digitalLinkToGs1Keys(uri: string): Gs1Keys | undefined {
  if (!/^https?:\/\//i.test(uri) || uri.length > 2048) return undefined;
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    return undefined;
  }
  const segments = path.split('/').filter((s) => s !== '');
  // The primary key is the first AI segment followed by a value; anything before it is a path prefix.
  for (let start = 0; start + 1 < segments.length; start++) {
    const primary = segments[start] as string;
    const qualifiers = PRIMARY_KEYS[primary];
    if (qualifiers === undefined) continue;
    const rest = segments.slice(start);
    if (rest.length % 2 !== 0) return undefined;
    const ais: Array<[string, string]> = [];
    let lastQualifier = -1;
    for (let i = 0; i < rest.length; i += 2) {
      const ai = rest[i] as string;
      const value = decodeSegment(rest[i + 1] as string);
      if (value === undefined || value === '') return undefined;
      if (i > 0) {
        const position = qualifiers.indexOf(ai);
        if (position <= lastQualifier) return undefined;
        lastQualifier = position;
      }
      ais.push([ai, ai === '01' && /^[0-9]{8,13}$/.test(value) ? value.padStart(14, '0') : value]);
    }
    if (!ais.every(([ai, value]) => checkDigitsHold(ai, value))) return undefined;
    const scheme = schemeOf(primary, ais);
    if (scheme === undefined) return undefined;
    return { scheme: scheme[0], level: scheme[1], ais };
  }
  return undefined;
}

/** Builds a GS1 Digital Link URI for a set of GS1 keys (primary key first, then its qualifiers). */
export function gs1KeysToDigitalLink(
  keys: Gs1Keys,
  base: string = GS1_DIGITAL_LINK_BASE,
): string | undefined {
  const primary = keys.ais.find(([ai]) => PRIMARY_KEYS[ai] !== undefined);
  if (primary === undefined) return undefined;
  const qualifiers = PRIMARY_KEYS[primary[0]] ?? [];
  let uri = `${base.replace(/\/+$/, '')}/${primary[0]}/${encodeURIComponent(primary[1])}`;
  for (const qualifier of qualifiers) {
    const pair = keys.ais.find(([ai]) => ai === qualifier);
    if (pair !== undefined) uri += `/${qualifier}/${encodeURIComponent(pair[1])}`;
  }
  return uri;
}
