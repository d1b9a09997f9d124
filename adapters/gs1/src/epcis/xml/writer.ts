/**
 * Streaming EPCIS 2.0 XML writer: events in the element order of the EPCIS 2.0 XSD, CBV values as
 * URIs, JSON-LD compact IRIs as namespaced elements, so the output validates against
 * EPCglobal-epcis-2_0.xsd (and EPCglobal-epcis-query-2_0.xsd for query documents).
 */
import { type Issue, issue, joinPointer } from '@medsupply/validators';
import { lookupTable } from '../lookup.js';
import type { EpcisEvent, EpcisHeader, JsonValue } from '../model.js';
import { CONTEXT_PREFIXES, EPCIS_XML_NAMESPACES, isAbsoluteIri, splitIri } from '../namespaces.js';
import { toXmlVocabulary } from '../vocabulary.js';

/** Options of the XML writer. */
export interface EpcisXmlWriterOptions {
  /** Receives warnings about JSON-LD content that has no XML form. */
  report?: (issue: Issue) => void;
}

type JsonObject = { [key: string]: JsonValue };

const COMMON_HEAD = [
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'errorDeclaration',
  'certificationInfo',
];
const TAIL = ['sourceList', 'destinationList', 'sensorElementList', 'persistentDisposition'];

/** Standard members of each event type, in the order the EPCIS 2.0 XSD requires. */
const FIELD_ORDER: Readonly<Record<string, readonly string[]>> = lookupTable({
  ObjectEvent: [
    ...COMMON_HEAD,
    'epcList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'quantityList',
    ...TAIL,
    'ilmd',
  ],
  AggregationEvent: [
    ...COMMON_HEAD,
    'parentID',
    'childEPCs',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    'childQuantityList',
    ...TAIL,
  ],
  TransactionEvent: [
    ...COMMON_HEAD,
    'bizTransactionList',
    'parentID',
    'epcList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'quantityList',
    ...TAIL,
  ],
  TransformationEvent: [
    ...COMMON_HEAD,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    ...TAIL,
    'ilmd',
  ],
  AssociationEvent: [
    ...COMMON_HEAD,
    'parentID',
    'childEPCs',
    'childQuantityList',
    'action',
    'bizStep',
    'disposition',
    'readPoint',
    'bizLocation',
    'bizTransactionList',
    ...TAIL,
  ],
});

const SENSOR_VOCABULARY: Readonly<Record<string, 'sensorType' | 'component'>> = lookupTable({
  type: 'sensorType',
  exception: 'sensorType',
  component: 'component',
});
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Namespaces the writer declares on the root; other context prefixes are declared where used.
const ROOT_CONTEXT_PREFIXES = ['cbvmda', 'gs1', 'cbv'];
// The CBV master-data namespace is written without the JSON-LD separator, as CBV defines it for XML.
const XML_NAMESPACE_OF: Readonly<Record<string, string>> = lookupTable({
  'urn:epcglobal:cbv:mda:': 'urn:epcglobal:cbv:mda',
  [`${EPCIS_XML_NAMESPACES.sbdh}/`]: EPCIS_XML_NAMESPACES.sbdh,
});
const SBDH_JSON_IRI = `${EPCIS_XML_NAMESPACES.sbdh}/`;

/** Escapes text content; characters XML 1.0 cannot carry become U+FFFD. */
export function escapeXmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted). */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;')
    .replace(/\r/g, '&#13;');
}

/** Undoes the reference JSON's wrapping of nested vendor objects in a member of their own name. */
function unwrap(key: string, value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const inner = value[key];
  return keys.length === 1 &&
    keys[0] === key &&
    inner !== null &&
    typeof inner === 'object' &&
    !Array.isArray(inner)
    ? inner
    : value;
}

function scalarText(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  // Infinity and NaN have no XML Schema decimal form (the JSON reader keeps such literals as text).
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** Writes one EPCIS 2.0 XML document to a text sink. */
export class EpcisXmlWriter {
  private readonly prefixIris = new Map<string, string>();
  private isQuery = false;
  private open = false;
  private eventIndex = 0;
  private localPrefixes = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly options: EpcisXmlWriterOptions = {},
  ) {}

  private warn(code: string, path: string, message: string): void {
    this.options.report?.(issue('warning', code, path, message));
  }

  /** Writes the XML declaration, the root with its namespaces, the header and the body opening. */
  header(header: EpcisHeader): void {
    this.open = true;
    this.isQuery = header.documentType === 'EPCISQueryDocument';
    const declarations: Array<[string, string]> = [['epcis', EPCIS_XML_NAMESPACES.epcis2]];
    if (this.isQuery) declarations.push(['epcisq', EPCIS_XML_NAMESPACES.query2]);
    for (const prefix of ROOT_CONTEXT_PREFIXES)
      this.prefixIris.set(prefix, CONTEXT_PREFIXES[prefix] as string);
    for (const [prefix, iri] of header.namespaces) this.prefixIris.set(prefix, iri);
    const vendor = this.headerExtensions(header);
    const sbdh = this.sbdh(header, vendor);
    if (sbdh !== '' && ![...this.prefixIris.values()].includes(SBDH_JSON_IRI)) {
      declarations.push(['sbdh', EPCIS_XML_NAMESPACES.sbdh]);
      this.prefixIris.set('sbdh', SBDH_JSON_IRI);
    }
    const declared = new Set(declarations.map(([prefix]) => prefix));
    for (const [prefix, iri] of this.prefixIris)
      if (!declared.has(prefix)) declarations.push([prefix, XML_NAMESPACE_OF[iri] ?? iri]);
    const root = this.isQuery ? 'epcisq:EPCISQueryDocument' : 'epcis:EPCISDocument';
    let text = `<?xml version="1.0" encoding="UTF-8"?>\n<${root}`;
    for (const [prefix, iri] of declarations) text += ` xmlns:${prefix}="${escapeXmlAttribute(iri)}"`;
    text += ' schemaVersion="2.0"';
    if (header.creationDate === undefined) {
      this.warn(
        'EPCIS_CREATION_DATE_MISSING',
        '/creationDate',
        'the document has no creationDate, which EPCIS XML requires',
      );
    } else text += ` creationDate="${escapeXmlAttribute(header.creationDate)}"`;
    text += '>\n';
    const masterData = this.masterData(header);
    let vendorText = '';
    for (const [key, value] of vendor)
      vendorText += this.member(key, value, joinPointer('/epcisHeader', key), false);
    if (sbdh !== '' || masterData !== '' || vendorText !== '') {
      text += '  <EPCISHeader>\n';
      text += sbdh;
      if (masterData !== '')
        text += `    <extension>\n      <EPCISMasterData>\n${masterData}      </EPCISMasterData>\n    </extension>\n`;
      // Vendor header elements follow, where EPCIS 1.2 and the GS1 US DSCSA guideline put them.
      if (vendorText !== '') text += `    ${vendorText}\n`;
      text += '  </EPCISHeader>\n';
    }
    text += this.isQuery ? this.queryOpening(header) : '  <EPCISBody>\n    <EventList>\n';
    this.write(text);
  }

  private queryOpening(header: EpcisHeader): string {
    let text = '  <EPCISBody>\n    <epcisq:QueryResults>\n';
    if (header.queryName !== undefined)
      text += `      <queryName>${escapeXmlText(header.queryName)}</queryName>\n`;
    if (header.subscriptionID !== undefined) {
      text += `      <subscriptionID>${escapeXmlText(header.subscriptionID)}</subscriptionID>\n`;
    }
    return `${text}      <resultsBody>\n        <EventList>\n`;
  }

  /** Vendor members of `epcisHeader` and of the document root (the SBDH among them, if carried). */
  private headerExtensions(header: EpcisHeader): Array<[string, JsonValue]> {
    const members: Array<[string, JsonValue]> = [];
    for (const source of [header.epcisHeader, header.extensions]) {
      if (source === undefined) continue;
      for (const [key, value] of Object.entries(source)) if (key.includes(':')) members.push([key, value]);
    }
    return members;
  }

  private sbdh(header: EpcisHeader, vendor: Array<[string, JsonValue]>): string {
    // A carried SBDH (read from XML) is written back whole, contact details and all.
    const carried = vendor.findIndex(
      ([key]) =>
        key === 'sbdh:StandardBusinessDocumentHeader' ||
        key === `${SBDH_JSON_IRI}StandardBusinessDocumentHeader`,
    );
    if (carried >= 0) {
      const [, value] = vendor.splice(carried, 1)[0] as [string, JsonValue];
      this.prefixIris.set('sbdh', SBDH_JSON_IRI);
      return `    ${this.member('sbdh:StandardBusinessDocumentHeader', value, '/epcisHeader', false)}\n`;
    }
    const { sender, receiver, instanceIdentifier } = header;
    if (sender === undefined && receiver === undefined && instanceIdentifier === undefined) return '';
    if (
      sender === undefined ||
      receiver === undefined ||
      instanceIdentifier === undefined ||
      header.creationDate === undefined
    ) {
      this.warn(
        'EPCIS_HEADER_INCOMPLETE',
        '',
        'sender, receiver, instanceIdentifier and creationDate are all needed for an SBDH',
      );
      return '';
    }
    const e = escapeXmlText;
    return (
      '    <sbdh:StandardBusinessDocumentHeader>\n' +
      '      <sbdh:HeaderVersion>1.0</sbdh:HeaderVersion>\n' +
      `      <sbdh:Sender>\n        <sbdh:Identifier>${e(sender)}</sbdh:Identifier>\n      </sbdh:Sender>\n` +
      `      <sbdh:Receiver>\n        <sbdh:Identifier>${e(receiver)}</sbdh:Identifier>\n      </sbdh:Receiver>\n` +
      '      <sbdh:DocumentIdentification>\n' +
      '        <sbdh:Standard>EPCglobal</sbdh:Standard>\n' +
      '        <sbdh:TypeVersion>2.0</sbdh:TypeVersion>\n' +
      `        <sbdh:InstanceIdentifier>${e(instanceIdentifier)}</sbdh:InstanceIdentifier>\n` +
      '        <sbdh:Type>Events</sbdh:Type>\n' +
      `        <sbdh:CreationDateAndTime>${e(header.creationDate)}</sbdh:CreationDateAndTime>\n` +
      '      </sbdh:DocumentIdentification>\n' +
      '    </sbdh:StandardBusinessDocumentHeader>\n'
    );
  }

  private masterData(header: EpcisHeader): string {
    const masterData = header.epcisHeader?.epcisMasterData;
    const list =
      masterData !== null && typeof masterData === 'object' && !Array.isArray(masterData)
        ? masterData.vocabularyList
        : undefined;
    if (!Array.isArray(list)) return '';
    let text = '        <VocabularyList>\n';
    list.forEach((vocabulary, v) => {
      if (vocabulary === null || typeof vocabulary !== 'object' || Array.isArray(vocabulary)) return;
      text += `          <Vocabulary type="${escapeXmlAttribute(String(vocabulary.type ?? ''))}">\n`;
      const elements = vocabulary.vocabularyElementList;
      if (Array.isArray(elements) && elements.length > 0) {
        text += '            <VocabularyElementList>\n';
        elements.forEach((element, e) => {
          if (element === null || typeof element !== 'object' || Array.isArray(element)) return;
          text += `              <VocabularyElement id="${escapeXmlAttribute(String(element.id ?? ''))}">`;
          const path = `/epcisHeader/epcisMasterData/vocabularyList/${v}/vocabularyElementList/${e}`;
          for (const attribute of Array.isArray(element.attributes) ? element.attributes : []) {
            if (attribute === null || typeof attribute !== 'object' || Array.isArray(attribute)) continue;
            const value = attribute.attribute;
            const id = escapeXmlAttribute(String(attribute.id ?? ''));
            const scalar = value === undefined ? '' : scalarText(value);
            if (scalar !== undefined) text += `<attribute id="${id}">${escapeXmlText(scalar)}</attribute>`;
            else
              text += `<attribute id="${id}">${this.content(value as JsonValue, joinPointer(path, 'attributes'), true)}</attribute>`;
          }
          if (Array.isArray(element.children)) {
            text += `<children>${element.children.map((id) => `<id>${escapeXmlText(String(id))}</id>`).join('')}</children>`;
          }
          text += '</VocabularyElement>\n';
        });
        text += '            </VocabularyElementList>\n';
      }
      text += '          </Vocabulary>\n';
    });
    return `${text}        </VocabularyList>\n`;
  }

  /** Writes one event. */
  event(event: EpcisEvent): void {
    const index = this.eventIndex++;
    const order = FIELD_ORDER[event.type];
    const path = `/epcisBody/eventList/${index}`;
    if (order === undefined) {
      this.warn(
        'EPCIS_EVENT_TYPE_UNKNOWN',
        joinPointer(path, 'type'),
        `${event.type} has no EPCIS 2.0 XML form; dropped`,
      );
      return;
    }
    this.localPrefixes = 0;
    let text = `${this.isQuery ? '          ' : '      '}<${event.type}>`;
    for (const field of order) {
      const value = event[field];
      if (value !== undefined && value !== null) text += this.field(field, value, joinPointer(path, field));
    }
    for (const key of Object.keys(event)) {
      if (key === 'type' || key === '@context' || order.includes(key)) continue;
      text += this.member(key, event[key] as JsonValue, joinPointer(path, key), false);
    }
    this.write(`${text}</${event.type}>\n`);
  }

  /** Closes the document. */
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.write(
      this.isQuery
        ? '        </EventList>\n      </resultsBody>\n    </epcisq:QueryResults>\n  </EPCISBody>\n</epcisq:EPCISQueryDocument>\n'
        : '    </EventList>\n  </EPCISBody>\n</epcis:EPCISDocument>\n',
    );
  }

  private field(name: string, value: JsonValue, path: string): string {
    const e = escapeXmlText;
    // JSON-LD reads one value and a one-element array alike; some GS1 examples write lists that way.
    const list = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? [value] : [];
    const object =
      value !== null && typeof value === 'object' && !Array.isArray(value) ? value : ({} as JsonObject);
    switch (name) {
      case 'bizStep':
      case 'disposition':
        return `<${name}>${e(toXmlVocabulary(name, String(value)))}</${name}>`;
      case 'epcList':
      case 'childEPCs':
      case 'inputEPCList':
      case 'outputEPCList':
        return list.length === 0
          ? `<${name}/>`
          : `<${name}>${list.map((epc) => `<epc>${e(String(epc))}</epc>`).join('')}</${name}>`;
      case 'certificationInfo':
        return (Array.isArray(value) ? value : [value])
          .map((v) => `<certificationInfo>${e(String(v))}</certificationInfo>`)
          .join('');
      case 'readPoint':
      case 'bizLocation':
        return `<${name}><id>${e(String(object.id ?? ''))}</id>${this.extensionMembers(object, ['id'], path)}</${name}>`;
      case 'bizTransactionList':
        return `<bizTransactionList>${list.map((item) => this.typedValue('bizTransaction', item, 'bizTransactionType')).join('')}</bizTransactionList>`;
      case 'sourceList':
        return `<sourceList>${list.map((item) => this.typedValue('source', item, 'sourceDestType')).join('')}</sourceList>`;
      case 'destinationList':
        return `<destinationList>${list.map((item) => this.typedValue('destination', item, 'sourceDestType')).join('')}</destinationList>`;
      case 'quantityList':
      case 'childQuantityList':
      case 'inputQuantityList':
      case 'outputQuantityList':
        return `<${name}>${list.map((item) => this.quantityElement(item)).join('')}</${name}>`;
      case 'errorDeclaration':
        return this.errorDeclaration(object, path);
      case 'persistentDisposition': {
        const values = (key: string) => (Array.isArray(object[key]) ? (object[key] as JsonValue[]) : []);
        const unset = values('unset').map(
          (v) => `<unset>${e(toXmlVocabulary('disposition', String(v)))}</unset>`,
        );
        const set = values('set').map((v) => `<set>${e(toXmlVocabulary('disposition', String(v)))}</set>`);
        return `<persistentDisposition>${unset.join('')}${set.join('')}</persistentDisposition>`;
      }
      case 'sensorElementList':
        return `<sensorElementList>${list.map((item, i) => this.sensorElement(item, joinPointer(path, i))).join('')}</sensorElementList>`;
      case 'ilmd':
        return `<ilmd>${this.extensionMembers(object, [], path)}</ilmd>`;
      default: {
        const text = scalarText(value);
        return text === undefined ? '' : `<${name}>${e(text)}</${name}>`;
      }
    }
  }

  private typedValue(
    element: string,
    item: JsonValue,
    kind: 'bizTransactionType' | 'sourceDestType',
  ): string {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
    const type =
      typeof item.type === 'string' ? ` type="${escapeXmlAttribute(toXmlVocabulary(kind, item.type))}"` : '';
    return `<${element}${type}>${escapeXmlText(String(item[element] ?? ''))}</${element}>`;
  }

  private quantityElement(item: JsonValue): string {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
    let text = `<quantityElement><epcClass>${escapeXmlText(String(item.epcClass ?? ''))}</epcClass>`;
    if (typeof item.quantity === 'number') text += `<quantity>${item.quantity}</quantity>`;
    if (typeof item.uom === 'string') text += `<uom>${escapeXmlText(item.uom)}</uom>`;
    return `${text}</quantityElement>`;
  }

  private errorDeclaration(object: JsonObject, path: string): string {
    let text = '<errorDeclaration>';
    if (typeof object.declarationTime === 'string')
      text += `<declarationTime>${escapeXmlText(object.declarationTime)}</declarationTime>`;
    if (typeof object.reason === 'string')
      text += `<reason>${escapeXmlText(toXmlVocabulary('errorReason', object.reason))}</reason>`;
    if (Array.isArray(object.correctiveEventIDs)) {
      const ids = object.correctiveEventIDs.map(
        (id) => `<correctiveEventID>${escapeXmlText(String(id))}</correctiveEventID>`,
      );
      text += `<correctiveEventIDs>${ids.join('')}</correctiveEventIDs>`;
    }
    return `${text}${this.extensionMembers(object, ['declarationTime', 'reason', 'correctiveEventIDs'], path)}</errorDeclaration>`;
  }

  private sensorElement(item: JsonValue, path: string): string {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
    let text = '<sensorElement>';
    const metadata = item.sensorMetadata;
    if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
      text += `<sensorMetadata${this.sensorAttributes(metadata, joinPointer(path, 'sensorMetadata'))}/>`;
    }
    const reports = Array.isArray(item.sensorReport) ? item.sensorReport : [];
    reports.forEach((report, i) => {
      if (report !== null && typeof report === 'object' && !Array.isArray(report)) {
        text += `<sensorReport${this.sensorAttributes(report, joinPointer(path, 'sensorReport', i))}/>`;
      }
    });
    // `type` is the JSON-LD node type of the element itself (epcis:SensorElement), not data.
    return `${text}${this.extensionMembers(item, ['sensorMetadata', 'sensorReport', 'type'], path)}</sensorElement>`;
  }

  private sensorAttributes(object: JsonObject, path: string): string {
    let text = '';
    let declarations = '';
    for (const [key, value] of Object.entries(object)) {
      const scalar = scalarText(value);
      if (scalar === undefined) continue;
      if (!key.includes(':')) {
        const kind = SENSOR_VOCABULARY[key];
        text += ` ${key}="${escapeXmlAttribute(kind === undefined ? scalar : toXmlVocabulary(kind, scalar))}"`;
        continue;
      }
      const name = this.qualifiedName(key, joinPointer(path, key));
      if (name === undefined) continue;
      declarations += name.declaration;
      text += ` ${name.qname}="${escapeXmlAttribute(scalar)}"`;
    }
    return declarations + text;
  }

  private extensionMembers(object: JsonObject, skip: readonly string[], path: string): string {
    let text = '';
    for (const key of Object.keys(object)) {
      if (skip.includes(key)) continue;
      text += this.member(key, object[key] as JsonValue, joinPointer(path, key), false);
    }
    return text;
  }

  /** The XML element name of a JSON-LD member, with a namespace declaration when the prefix is not on the root. */
  private qualifiedName(key: string, path: string): { qname: string; declaration: string } | undefined {
    if (isAbsoluteIri(key)) {
      const split = splitIri(key);
      if (split !== undefined) {
        const known = [...this.prefixIris].find(([, iri]) => iri === split[0]);
        if (known !== undefined) return { qname: `${known[0]}:${split[1]}`, declaration: '' };
        const prefix = `ns${++this.localPrefixes}`;
        return {
          qname: `${prefix}:${split[1]}`,
          declaration: ` xmlns:${prefix}="${escapeXmlAttribute(split[0])}"`,
        };
      }
    } else {
      const colon = key.indexOf(':');
      const prefix = key.slice(0, colon);
      const local = key.slice(colon + 1);
      if (colon > 0 && NCNAME.test(prefix) && NCNAME.test(local)) {
        if (this.prefixIris.has(prefix)) return { qname: key, declaration: '' };
        const iri = CONTEXT_PREFIXES[prefix] ?? `${prefix}:`;
        return {
          qname: key,
          declaration: ` xmlns:${prefix}="${escapeXmlAttribute(XML_NAMESPACE_OF[iri] ?? iri)}"`,
        };
      }
    }
    this.warn('EPCIS_TERM_UNMAPPED', path, `"${key.slice(0, 80)}" has no XML element name; dropped`);
    return undefined;
  }

  /** A member as XML: vendor members need a qualified name; inside vendor content, plain names are allowed. */
  private member(key: string, value: JsonValue, path: string, nested: boolean): string {
    if (value === null) return '';
    let qname: string;
    let declaration = '';
    if (nested && NCNAME.test(key)) qname = key;
    else {
      const name = this.qualifiedName(key, path);
      if (name === undefined) return '';
      qname = name.qname;
      declaration = name.declaration;
    }
    const items = Array.isArray(value) ? value : [value];
    let text = '';
    for (const item of items) {
      if (item === null) continue;
      text += `<${qname}${declaration}>${this.content(nested ? unwrap(key, item) : item, path, true)}</${qname}>`;
    }
    return text;
  }

  private content(value: JsonValue, path: string, nested: boolean): string {
    const scalar = scalarText(value);
    if (scalar !== undefined) return escapeXmlText(scalar);
    if (Array.isArray(value)) return value.map((item) => this.content(item, path, nested)).join('');
    if (value === null || typeof value !== 'object') return '';
    let text = '';
    for (const key of Object.keys(value)) {
      // A JSON-LD value object or node reference: its value or IRI is the element's text.
      if (key === '@value' || key === '@id') text += escapeXmlText(scalarText(value[key] as JsonValue) ?? '');
      else if (!key.startsWith('@'))
        text += this.member(key, value[key] as JsonValue, joinPointer(path, key), nested);
    }
    return text;
  }
}
