/**
 * XML → EPCIS JSON against GS1's own JSON for the same events (`PAIRS.tsv`, match_kind same-events).
 * Events are compared after the equivalences JSON-LD itself defines: member order, a single value
 * and a one-element array, a typed literal and its native JSON value (`"true"` / `true`), a
 * date-time and the same instant with another offset, a GS1 vocabulary term as bare name or compact
 * IRI. eventID is compared only when the XML has one (GS1 added hash IDs to the JSON only).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared } from '../support/shared.js';
import { corpus, readCorpusFile } from './epcis-support.js';

// Members the official JSON has and its XML does not: the PAIRS.tsv classification compares event
// content loosely, and GS1 added these to the JSON examples only. Anything else that differs fails.
const JSON_ONLY: Readonly<Record<string, readonly string[]>> = {
  'JSON/Example_9.6.1-with-comment.jsonld': ['/0/rdfs:comment'],
  'JSON-simple-context/Example_9.6.1-with-comment.jsonld': ['/0/rdfs:comment'],
  'JSON/WithErrorDeclaration/Example_9.6.1-ObjectEvent-with-error-declaration.jsonld': [
    '/0/errorDeclaration',
  ],
  'JSON-simple-context/WithErrorDeclaration/Example_9.6.1-ObjectEvent-with-error-declaration.jsonld': [
    '/0/errorDeclaration',
  ],
  'JSON-simple-context/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld': [
    '/0/persistentDisposition',
  ],
  'JSON-simple-context/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld': [
    '/0/persistentDisposition',
  ],
  'JSON-simple-context/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld': [
    '/0/persistentDisposition',
  ],
  'JSON/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld': [
    '/0/certificationInfo',
    '/0/errorDeclaration',
  ],
  'JSON/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld': [
    '/0/certificationInfo',
    '/0/errorDeclaration',
  ],
  'JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld': [
    '/0/certificationInfo',
    '/0/errorDeclaration',
  ],
  'JSON/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld': [
    '/0/certificationInfo',
    '/0/errorDeclaration',
  ],
  // This pair's XML has no ILMD and fewer vendor members than its JSON.
  'JSON-simple-context/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld': [
    '/0/ilmd',
    ...['array', 'boolean', 'default', 'float', 'int', 'object', 'string', 'time'].map(
      (name) => `/0/ext1:${name}`,
    ),
    ...['array', 'float', 'int', 'time'].map((name) => `/0/sensorElementList/ext1:${name}`),
  ],
};
// Values that differ between a JSON example and its XML (the JSON was edited separately).
const JSON_EDITED: Readonly<Record<string, readonly string[]>> = {
  // The JSON gives the sensor report a latitude component; the XML says example:x.
  'JSON/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld': [
    '/0/sensorElementList/sensorReport/component:',
  ],
  // The XML repeats ext2:array once, the JSON three times.
  'JSON-simple-context/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld': [
    '/0/sensorElementList/ext1:object/ext2:array:',
  ],
};

const TIME_MEMBER = /(?:^|:)(?:eventTime|recordTime|declarationTime|time|startTime|endTime|creationDate)$/;

/** Puts a JSON-LD value in a canonical form for comparison (see the file comment). */
function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value))
    return value.length === 1 ? normalize(value[0], key) : value.map((v) => normalize(v, key));
  if (value !== null && typeof value === 'object') {
    // GS1's reference JSON wraps a vendor object nested in vendor content in a member of its own
    // name (`"ext2:object": {"ext2:object": {…}}`); we write the object itself (decision 0013).
    const members = Object.keys(value);
    const inner = (value as Record<string, unknown>)[key];
    if (
      key.includes(':') &&
      members.length === 1 &&
      members[0] === key &&
      inner !== null &&
      typeof inner === 'object' &&
      !Array.isArray(inner)
    )
      return normalize(inner, key);
    const out: Record<string, unknown> = {};
    for (const member of Object.keys(value).sort()) {
      // A sensor element's JSON-LD node type (epcis:SensorElement) has no XML counterpart.
      if (member === '@context' || (key === 'sensorElementList' && member === 'type')) continue;
      out[member] = normalize((value as Record<string, unknown>)[member], member);
    }
    return out;
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    if (TIME_MEMBER.test(key) && /^\d{4}-\d\d-\d\dT/.test(value)) return new Date(value).toISOString();
    if (key === 'type' || key === 'exception') return value.replace(/^gs1:/, '');
  }
  return value;
}

function differences(ours: unknown, official: unknown, path: string, out: string[]): void {
  if (JSON.stringify(ours) === JSON.stringify(official)) return;
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(ours) && isObject(official)) {
    const a = ours as Record<string, unknown>;
    const b = official as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      differences(a[key], b[key], `${path}/${key}`, out);
  } else if (Array.isArray(ours) && Array.isArray(official) && ours.length === official.length) {
    ours.forEach((item, i) => differences(item, official[i], `${path}/${i}`, out));
  } else
    out.push(
      `${path}: ours ${JSON.stringify(ours)?.slice(0, 120)}, GS1 ${JSON.stringify(official)?.slice(0, 120)}`,
    );
}

describeWithShared('XML and JSON examples of the same events', ['corpus', 'epcis', 'PAIRS.tsv'], () => {
  const pairs = readFileSync(corpus('PAIRS.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((columns) => columns[5] === 'same-events')
    .map((columns) => [columns[0] as string, columns[2] as string]);

  it('has same-events pairs to compare, from EPCIS 1.2 and 2.0 XML', () => {
    expect(pairs.length).toBeGreaterThan(20);
    expect(pairs.some(([xml]) => xml?.startsWith('XSL/1.2/'))).toBe(true);
  });

  it.each(pairs)('%s gives the events of %s', (xml, json) => {
    const read = readCorpusFile(xml);
    const official = JSON.parse(readFileSync(corpus(json), 'utf8'));
    const officialEvents: Array<Record<string, unknown>> =
      official.epcisBody.eventList ?? official.epcisBody.queryResults.resultsBody.eventList;
    expect(read.events).toHaveLength(officialEvents.length);
    const found: string[] = [];
    officialEvents.forEach((officialEvent, i) => {
      const ours = read.events[i] as Record<string, unknown>;
      const theirs = { ...officialEvent };
      // `id` is the JSON-LD alias of eventID; GS1 added hash event IDs to the JSON only.
      if (theirs.id !== undefined) {
        theirs.eventID = theirs.id;
        delete theirs.id;
      }
      if (ours.eventID === undefined) delete theirs.eventID;
      differences(normalize(ours), normalize(theirs), `/${i}`, found);
    });
    const allowedMissing = JSON_ONLY[json] ?? [];
    const allowedEdited = JSON_EDITED[json] ?? [];
    const unexplained = found.filter(
      (difference) =>
        !(
          allowedMissing.some((path) => difference.startsWith(`${path}: ours undefined`)) ||
          allowedEdited.some((path) => difference.startsWith(path))
        ),
    );
    expect(unexplained).toEqual([]);
  });
});
