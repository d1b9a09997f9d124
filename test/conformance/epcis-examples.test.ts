/**
 * GS1's own EPCIS 2.0 artefacts against this adapter: every official JSON example is read; what we
 * write from every official example validates against the official EPCIS JSON Schema (ajv,
 * draft-07) and the official XSD (libxml2 as WebAssembly). Where an example itself breaks the
 * schema, the expected finding is listed with its reason; any other finding fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared } from '../support/shared.js';
import { corpus, corpusFiles, jsonSchemaErrors, readCorpusFile, write, xsdErrors } from './epcis-support.js';

// XML examples whose content the EPCIS JSON Schema itself refuses (so their JSON cannot be valid).
const JSON_SCHEMA_REFUSES: Readonly<Record<string, string>> = {
  // An AggregationEvent with persistentDisposition: the XSD allows it, the JSON Schema does not (corpus README).
  'XML/Example-PersistentDisposition.xml': '/epcisBody/eventList/0',
  // Case 9 has sensor reports with an exception and no measurement type, which the JSON Schema requires.
  'XML/WithSensorData/SensorDataExamples.xml': '/epcisBody/eventList/8/sensorElementList/0/sensorReport/0',
};
// Examples with an event that no EPCIS XSD allows: the event is reported and left out.
const INVALID_EVENTS: Readonly<Record<string, string>> = {
  // GS1's 1.2 transform writes <sensorMetaData> (capital D); the XSD defines <sensorMetadata>.
  'XSL/1.2/XML/AssociationEvent.xml': 'EPCIS_UNKNOWN_ELEMENT',
};
// JSON examples with an event that names a member twice, which the reader refuses (parsers disagree
// on which value counts): GS1's AssociationEvent-h gives its event two different eventIDs.
const JSON_INVALID_EVENTS: Readonly<Record<string, string>> = {
  'JSON/AssociationEvent/AssociationEvent-h.jsonld': 'EPCIS_DUPLICATE_MEMBER',
  'JSON-simple-context/AssociationEvent/AssociationEvent-h.jsonld': 'EPCIS_DUPLICATE_MEMBER',
};
// Files in the XML folder that are not event documents (a master-data document, capture job status).
const NOT_EVENT_DOCUMENTS = /^XML\/(CBV\/CBV-11\.4|CaptureJob\/)/;

describeWithShared('official EPCIS examples', ['corpus', 'epcis'], () => {
  const jsonFiles = [...corpusFiles('JSON', '.jsonld'), ...corpusFiles('JSON-simple-context', '.jsonld')];
  const xmlFiles = [...corpusFiles('XML', '.xml'), ...corpusFiles('XSL/1.2/XML', '.xml')];

  describe('every JSON and JSON-LD example is read', () => {
    it.each(jsonFiles)('%s', (file) => {
      const official = JSON.parse(readFileSync(corpus(file), 'utf8'));
      const eventList = official.epcisBody.eventList ?? official.epcisBody.queryResults.resultsBody.eventList;
      const read = readCorpusFile(file);
      const refused = JSON_INVALID_EVENTS[file];
      expect(read.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(
        refused === undefined ? [] : [refused],
      );
      expect(read.events).toHaveLength(eventList.length - (refused === undefined ? 0 : 1));
      expect(read.header?.documentType).toBe(official.type);
    });
  });

  describe('JSON written from a JSON example keeps its verdict under the EPCIS JSON Schema', () => {
    it.each(jsonFiles)('%s', (file) => {
      const official = JSON.parse(readFileSync(corpus(file), 'utf8'));
      const ours = JSON.parse(write(readCorpusFile(file), 'json').text);
      // Every file in JSON/ is valid; most of JSON-simple-context/ is not (blank-node ids), and must stay so.
      if (file.startsWith('JSON/')) expect(jsonSchemaErrors(official)).toEqual([]);
      expect(jsonSchemaErrors(ours).length === 0).toBe(jsonSchemaErrors(official).length === 0);
    });
  });

  describe('JSON written from an XML example validates against the EPCIS JSON Schema', () => {
    it.each(xmlFiles.filter((file) => !NOT_EVENT_DOCUMENTS.test(file)))('%s', (file) => {
      const read = readCorpusFile(file);
      const readErrors = read.issues.filter((i) => i.severity === 'error').map((i) => i.code);
      expect(readErrors).toEqual(INVALID_EVENTS[file] === undefined ? [] : [INVALID_EVENTS[file]]);
      const errors = jsonSchemaErrors(JSON.parse(write(read, 'json').text));
      const refused = JSON_SCHEMA_REFUSES[file];
      if (refused === undefined) expect(errors).toEqual([]);
      else expect(errors.map((e) => e.instancePath)).toContain(refused);
    });
  });

  describe('XML written from any example validates against the EPCIS 2.0 XSD', () => {
    it.each([...xmlFiles.filter((file) => !NOT_EVENT_DOCUMENTS.test(file)), ...jsonFiles])(
      '%s',
      async (file) => {
        const read = readCorpusFile(file);
        const { text, issues } = write(read, 'xml');
        const errors = await xsdErrors(text);
        if (read.header?.creationDate === undefined) {
          // The XSD requires creationDate; we report its absence rather than invent one.
          expect(issues.map((i) => i.code)).toContain('EPCIS_CREATION_DATE_MISSING');
          expect(errors.join('\n')).toMatch(/creationDate/);
        } else expect(errors).toEqual([]);
      },
      60_000,
    );
  });

  it('says plainly that master-data and capture-job documents are not event documents', () => {
    const others = xmlFiles.filter((file) => NOT_EVENT_DOCUMENTS.test(file));
    expect(others.length).toBeGreaterThan(0);
    for (const file of others)
      expect(readCorpusFile(file).issues.map((i) => i.code)).toEqual(['EPCIS_NOT_A_DOCUMENT']);
  });
});
