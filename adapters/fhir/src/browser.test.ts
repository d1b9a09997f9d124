import { isDeepStrictEqual as nodeIsDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as browserEntry from './browser.js';
import * as nodeEntry from './index.js';
import { countryAlpha2 as browserCountryAlpha2 } from './util/countries.browser.js';
import { countryAlpha2 as nodeCountryAlpha2 } from './util/countries.js';
import { isDeepStrictEqual as browserIsDeepStrictEqual } from './util/node-util.browser.js';
import { nameBasedUuid as browserUuid, isUuid } from './util/uuid.browser.js';
import { nameBasedUuid as nodeUuid } from './util/uuid.js';

describe('the browser entry of the FHIR adapter', () => {
  it('exports the mappings of the Node entry and nothing of the exchange client', () => {
    const names = Object.keys(browserEntry).sort();
    expect(names).toEqual([
      'canonicalRecordsToFhir',
      'canonicalToFhir',
      'fhirMappingIssueCodes',
      'fhirRecordsToCanonical',
      'fhirToCanonical',
    ]);
    for (const name of names)
      expect(browserEntry[name as keyof typeof browserEntry]).toBe(nodeEntry[name as keyof typeof nodeEntry]);
  });

  it('makes the name-based UUIDs node:crypto makes', () => {
    const names = [
      '',
      'a',
      'urn:uuid:x',
      'Organization|https://www.gs1.org/gln|6161000000019',
      'Lagos – Ikeja 🏥',
    ];
    for (const name of names) {
      expect(browserUuid(name), name).toBe(nodeUuid(name));
      expect(isUuid(browserUuid(name))).toBe(true);
    }
  });

  it('compares JSON values as node:util isDeepStrictEqual does', () => {
    const pairs: [unknown, unknown][] = [
      [
        { a: 1, b: [1, { c: 'x' }] },
        { b: [1, { c: 'x' }], a: 1 },
      ],
      [{ a: 1 }, { a: 1, b: undefined }],
      [
        { a: 1, b: undefined },
        { a: 1, c: undefined },
      ],
      [
        [1, 2],
        [2, 1],
      ],
      [[], {}],
      [{}, []],
      [null, {}],
      [0, -0],
      [Number.NaN, Number.NaN],
      ['1', 1],
      [{ a: [null] }, { a: [null] }],
      [{ a: [null] }, { a: [] }],
      [JSON.parse('{"x":{"y":[1,2,{"z":true}]}}'), JSON.parse('{"x":{"y":[1,2,{"z":false}]}}')],
      [Object.create(null), {}],
    ];
    for (const [a, b] of pairs)
      expect(browserIsDeepStrictEqual(a, b), JSON.stringify([a, b])).toBe(nodeIsDeepStrictEqual(a, b));
  });

  it('reads country codes and English country names as the Node version does', () => {
    for (const value of [
      'KE',
      'ke',
      'KEN',
      'Kenya',
      'United Republic of Tanzania',
      'Atlantis',
      'XX',
      undefined,
    ])
      expect(browserCountryAlpha2(value), String(value)).toBe(nodeCountryAlpha2(value));
  });
});
