/**
 * Mutations of fixture documents for differential tests: each plan is a few numbers that fast-check
 * draws (and can shrink), turned into edits of a fresh copy of a fixture: values changed, deleted,
 * added or moved, wrong types, strings at length limits and in astral characters, strings that break
 * formats, extra members (including `__proto__`), duplicated or emptied arrays, nested subtrees
 * swapped between places.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One edit: where (an index into the document's nodes), what, and with which value. */
export interface Step {
  at: number;
  op: number;
  pick: number;
  size: number;
}

/** Draws one to three edits, mostly one (so an edit is most often a document's only error). */
export const stepsArbitrary: fc.Arbitrary<Step[]> = fc.array(
  fc.record({
    at: fc.nat(),
    op: fc.nat(),
    pick: fc.nat(),
    size: fc.nat(),
  }),
  { minLength: 1, maxLength: 3, size: 'xsmall' },
);

const LENGTHS = [
  0, 1, 2, 3, 7, 8, 12, 13, 14, 15, 20, 34, 35, 36, 64, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1023,
  1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 8192, 8193,
];
const UNITS = ['a', 'A', '0', '9', '-', ' ', '\u{1F600}', '\u00e9', '\ud800', 'Z', '.', '/'];

/** Strings that break (or just pass) the formats and patterns the schemas use. */
const EDGE_STRINGS = [
  '',
  ' ',
  '\u{1F600}',
  '\ud800',
  '\udc00x',
  'a\u0000b',
  '__proto__',
  'constructor',
  '2024-02-29',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-1-01',
  '20240101',
  '2024-01-01T00:00:00Z',
  '2024-01-01t10:00:00z',
  '2024-01-01 10:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-12-31T23:59:60Z',
  '2024-01-01T10:00:00',
  '2024-01-01T10:00:00+25:00',
  '2024-01-01T10:00:00.123+01:00',
  '2024-W01',
  'gln',
  'GTIN',
  'urn:oid:1.2.3',
  'http://',
  'https://example.org/a b',
  'https://www.gs1.org/gln',
  'https://www.gs1.org/gtin',
  'mailto:x@y.z',
  '//no-scheme',
  'a:b',
  '00000000-0000-0000-0000-000000000000',
  '6F9619FF-8B86-D011-B42D-00CF4FC964FF',
  '6f9619ff8b86d011b42d00cf4fc964ff',
  '4012345000009',
  '4012345000008',
  '04012345000009',
  '00012345600012',
  '12345678',
  '376104250021234569',
  'XX',
  'GB',
  'UK',
  'gb',
  'EU',
  'KE',
  'KE-30',
  'KE-999',
  'US-CA',
  'FR-75C',
  '0002-8215-01',
  '12345-678-90',
  '1234567890',
  '00002821501',
  'mg',
  'mL',
  'mg/mL',
  'MG',
  '{tablet}',
  '{tbl}',
  '1',
  '%',
  '10*3',
  'ug',
  'J01CA04',
  'j01ca04',
  'N02BE01',
  'LOT-001',
  'de-CH',
  'x-toolong-language-tag-1234',
  'org.example.thing',
  'Org.Example',
  'StockReport',
  'Shipment',
  'original',
  'replace',
  'cancel',
  '1.0.0',
  '1.1.0',
  '01.0.0',
];

const EDGE_NUMBERS = [
  -1,
  0,
  1,
  2,
  0.5,
  -0.5,
  -0,
  90,
  90.0001,
  -90.5,
  180,
  180.5,
  -180.0001,
  100,
  100.01,
  1e21,
  36500,
  36501,
  2 ** 53,
  -(2 ** 31),
  1.5e-7,
];

const MEMBER_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'comment',
  'identifier',
  'identifiers',
  'roles',
  'gln',
  'type',
  'name',
  'country',
  'value',
  'system',
  'extensions',
  'org.example.note',
  'x',
];

/** Every value of every fixture, by the member name it appeared under (for realistic swaps). */
export class ValuePool {
  readonly byName = new Map<string, Json[]>();
  readonly all: Json[] = [];

  add(document: Json): void {
    const visit = (node: Json, name: string): void => {
      let list = this.byName.get(name);
      if (!list) {
        list = [];
        this.byName.set(name, list);
      }
      list.push(node);
      this.all.push(node);
      if (Array.isArray(node)) for (const item of node) visit(item, `${name}[]`);
      else if (node !== null && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) visit(v, k);
    };
    visit(document, '');
  }
}

interface Place {
  parent: Json[] | { [key: string]: Json } | null;
  key: string | number;
  name: string;
  value: Json;
}

function places(document: Json): Place[] {
  const out: Place[] = [{ parent: null, key: '', name: '', value: document }];
  const visit = (node: Json, name: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        out.push({ parent: node, key: i, name: `${name}[]`, value: item });
        visit(item, `${name}[]`);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push({ parent: node, key: k, name: k, value: v });
        visit(v, k);
      }
    }
  };
  visit(document, '');
  return out;
}

/** Sets a member the way JSON.parse would: an own data property, even for `__proto__`. */
function setMember(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function replace(place: Place, value: Json): Json | undefined {
  if (place.parent === null) return value;
  if (Array.isArray(place.parent)) place.parent[place.key as number] = value;
  else setMember(place.parent, place.key as string, value);
  return undefined;
}

function copy(value: Json): Json {
  return value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value));
}

function boundaryString(pick: number, size: number): string {
  const unit = UNITS[pick % UNITS.length]!;
  const length = LENGTHS[size % LENGTHS.length]!;
  return unit.repeat(length);
}

function stringEdit(text: string, pick: number, size: number): string {
  const at = text.length === 0 ? 0 : size % text.length;
  const unit = UNITS[pick % UNITS.length]!;
  switch (pick % 7) {
    case 0:
      return text.slice(0, at) + unit + text.slice(at + 1);
    case 1:
      return text + unit;
    case 2:
      return text.slice(0, at);
    case 3:
      return text.toUpperCase();
    case 4:
      return text.toLowerCase();
    case 5: {
      // Change one digit: breaks check digits and calendar dates.
      const digits = [...text.matchAll(/\d/g)];
      if (digits.length === 0) return `${text}1`;
      const d = digits[size % digits.length]!;
      const next = String((Number(d[0]) + 1 + (pick % 9)) % 10);
      return text.slice(0, d.index) + next + text.slice(d.index! + 1);
    }
    default:
      return unit + text;
  }
}

/**
 * Applies the edits to the document (in place) and returns the result (a different value when the
 * whole document was replaced).
 */
export function mutate(document: Json, steps: readonly Step[], pool: ValuePool): Json {
  let root = document;
  for (const step of steps) {
    const all = places(root);
    const place = all[step.at % all.length]!;
    const value = place.value;
    switch (step.op % 12) {
      case 0: {
        // Delete the member or the array item.
        if (place.parent === null) break;
        if (Array.isArray(place.parent)) place.parent.splice(place.key as number, 1);
        else delete place.parent[place.key as string];
        break;
      }
      case 1: {
        // A value of another type.
        const others: Json[] = [null, true, false, 0, 1.5, -3, '', 'text', [], {}, [value], { value }];
        root = replace(place, copy(others[step.pick % others.length]!)) ?? root;
        break;
      }
      case 2:
        root = replace(place, boundaryString(step.pick, step.size)) ?? root;
        break;
      case 3:
        root = replace(place, EDGE_STRINGS[step.pick % EDGE_STRINGS.length]!) ?? root;
        break;
      case 4: {
        if (typeof value === 'string') root = replace(place, stringEdit(value, step.pick, step.size)) ?? root;
        else if (typeof value === 'number') {
          const edits = [value + 1, value - 1, -value, value + 0.5, value * 1000, 0];
          root = replace(place, edits[step.pick % edits.length]!) ?? root;
        } else root = replace(place, EDGE_NUMBERS[step.pick % EDGE_NUMBERS.length]!) ?? root;
        break;
      }
      case 5: {
        // An extra member on the nearest object.
        const target =
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? value
            : place.parent !== null && !Array.isArray(place.parent)
              ? place.parent
              : null;
        if (target === null) break;
        const names = [...MEMBER_NAMES, ...pool.byName.keys()].filter((n) => !n.endsWith('[]') && n !== '');
        const name = names[step.pick % names.length]!;
        const candidates = pool.byName.get(name) ?? pool.all;
        setMember(target, name, copy(candidates[step.size % candidates.length]!));
        break;
      }
      case 6: {
        // A value seen under the same member name elsewhere (another shape of the same thing).
        const candidates = pool.byName.get(place.name) ?? pool.all;
        root = replace(place, copy(candidates[step.pick % candidates.length]!)) ?? root;
        break;
      }
      case 7:
        // Any value from any fixture.
        root = replace(place, copy(pool.all[step.pick % pool.all.length]!)) ?? root;
        break;
      case 8: {
        // Arrays: duplicate an item, empty it, or grow it past a limit.
        if (!Array.isArray(value)) {
          root = replace(place, EDGE_NUMBERS[step.pick % EDGE_NUMBERS.length]!) ?? root;
          break;
        }
        if (step.pick % 3 === 0) value.length = 0;
        else if (value.length > 0) {
          const item = value[step.size % value.length]!;
          const times = step.pick % 3 === 1 ? 1 : [16, 32, 33, 64, 65, 256, 257, 1000, 1001][step.size % 9]!;
          for (let i = 0; i < times; i++) value.push(copy(item));
        }
        break;
      }
      case 9: {
        // Swap this subtree with another place's.
        const other = all[step.pick % all.length]!;
        if (other === place || other.parent === null || place.parent === null) break;
        const a = copy(place.value);
        const b = copy(other.value);
        replace(place, b);
        replace(other, a);
        break;
      }
      case 10:
        root = replace(place, EDGE_NUMBERS[step.pick % EDGE_NUMBERS.length]!) ?? root;
        break;
      default: {
        // Drop every member but one of an object (a bare reference, a lone identifier).
        if (value === null || typeof value !== 'object' || Array.isArray(value)) break;
        const keys = Object.keys(value);
        if (keys.length === 0) break;
        const keep = keys[step.pick % keys.length]!;
        for (const k of keys) if (k !== keep) delete value[k];
        break;
      }
    }
  }
  return root;
}
