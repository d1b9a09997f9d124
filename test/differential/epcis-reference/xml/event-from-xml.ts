/**
 * One EPCIS XML event (1.2 or 2.0) to its JSON-LD form, following the XML/JSON correspondence of
 * EPCIS 2.0 §12 and GS1's paired examples: CBV values become bare names, lists become arrays, sensor
 * attributes become typed members, vendor elements become compact-IRI members, and the 1.x
 * `extension`/`baseExtension` wrappers disappear.
 */
import { type Issue, issue, joinPointer } from '@medsupply/validators';
import { lookupTable } from '../lookup.js';
import type { EpcisEvent, JsonValue } from '../model.js';
import {
  EPCIS_XML_NAMESPACES,
  type PrefixTable,
  isStandardNamespace,
  jsonLdNamespace,
} from '../namespaces.js';
import { validateEpcisEvent } from '../validate-event.js';
import { type VocabularyKind, toJsonVocabulary } from '../vocabulary.js';
import { type XmlNode, attributeValue, childrenNamed, textOf } from './tree.js';

/** What the conversion needs besides the element: prefixes for vendor members, and where issues go. */
export interface XmlConversionContext {
  prefixes: PrefixTable;
  issues: Issue[];
}

type JsonObject = { [key: string]: JsonValue };

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SENSOR_NUMBERS = new Set([
  'value',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
]);
const SENSOR_VOCABULARY: Readonly<Record<string, VocabularyKind>> = lookupTable({
  type: 'sensorType',
  exception: 'sensorType',
  component: 'component',
});

/** joinPointer without its two regex passes for the usual names that need no escaping. */
function childPath(path: string, token: string | number): string {
  return typeof token === 'number' || (!token.includes('/') && !token.includes('~'))
    ? `${path}/${token}`
    : joinPointer(path, token);
}

function isEpcisElement(node: XmlNode): boolean {
  return (
    node.uri === '' || node.uri === EPCIS_XML_NAMESPACES.epcis2 || node.uri === EPCIS_XML_NAMESPACES.epcis1
  );
}

/** Sets a member unless its name could reach the prototype. */
function setMember(
  target: JsonObject,
  key: string,
  value: JsonValue,
  context: XmlConversionContext,
  path: string,
) {
  if (key === '__proto__') {
    context.issues.push(issue('error', 'FORBIDDEN_KEY', path, 'a member named __proto__ was dropped'));
    return;
  }
  target[key] = value;
}

/** Adds a member; a name seen before turns into an array, as repeated XML elements become JSON arrays. */
function addRepeatable(
  target: JsonObject,
  key: string,
  value: JsonValue,
  context: XmlConversionContext,
  path: string,
) {
  if (!Object.hasOwn(target, key)) {
    setMember(target, key, value, context, path);
    return;
  }
  const existing = target[key] as JsonValue;
  if (Array.isArray(existing)) existing.push(value);
  else target[key] = [existing, value];
}

/** The JSON-LD member name of a namespaced element or attribute. */
function memberName(local: string, uri: string, context: XmlConversionContext): string {
  if (uri === '') return local;
  const known = context.prefixes.prefixOf(uri);
  // Namespaces declared below the root are not in the @context written up front: use the absolute IRI.
  return known === undefined ? `${jsonLdNamespace(uri)}${local}` : `${known}:${local}`;
}

/**
 * The JSON value of a vendor extension element: its text, or an object of its attributes and child
 * elements (repeated children as arrays). Empty elements yield undefined (GS1's JSON omits them).
 */
export function extensionValue(
  node: XmlNode,
  context: XmlConversionContext,
  path: string,
): JsonValue | undefined {
  const attributes =
    node.attributes.length === 0
      ? node.attributes
      : node.attributes.filter(
          (a) => a.uri !== EPCIS_XML_NAMESPACES.xsi && a.uri !== EPCIS_XML_NAMESPACES.xmlns,
        );
  if (node.children.length === 0) {
    const text = textOf(node);
    if (text !== '') {
      if (attributes.length > 0) {
        context.issues.push(
          issue(
            'warning',
            'EPCIS_ATTRIBUTE_DROPPED',
            path,
            'attributes of a text-valued extension element were dropped',
            {
              attributes: attributes.map((a) => (a.prefix === '' ? a.local : `${a.prefix}:${a.local}`)),
              line: node.line,
            },
          ),
        );
      }
      return text;
    }
    if (attributes.length === 0) return undefined;
  }
  const object: JsonObject = {};
  for (const attribute of attributes) {
    const key = memberName(attribute.local, attribute.uri, context);
    setMember(object, key, attribute.value, context, childPath(path, key));
  }
  for (const child of node.children) {
    const key = memberName(child.local, child.uri, context);
    const value = extensionValue(child, context, childPath(path, key));
    if (value === undefined) continue;
    // Nested elements become nested objects keyed by their prefixed names, as other EPCIS 2.0
    // implementations write them (decision 0013). GS1's reference JSON wraps such an object once more
    // in a member of its own name; the XML writer reads that form too.
    addRepeatable(object, key, value, context, childPath(path, key));
  }
  return object;
}

function epcList(node: XmlNode): string[] {
  // One pass, no intermediate array: lists of thousands of EPCs are common.
  const out: string[] = [];
  for (const child of node.children) if (child.local === 'epc') out.push(child.text.trim());
  return out;
}

function parseDecimal(
  text: string,
  context: XmlConversionContext,
  path: string,
  line: number,
): number | undefined {
  if (!DECIMAL.test(text)) {
    context.issues.push(
      issue('error', 'EPCIS_QUANTITY_INVALID', path, `"${text.slice(0, 40)}" is not a decimal number`, {
        line,
      }),
    );
    return undefined;
  }
  return Number(text);
}

function quantityList(node: XmlNode): JsonObject[] {
  return childrenNamed(node, 'quantityElement').map(quantityElement);
}

function quantityElement(element: XmlNode): JsonObject {
  const out: JsonObject = {};
  for (const field of element.children) {
    const text = textOf(field);
    if (field.local === 'epcClass') out.epcClass = text;
    else if (field.local === 'quantity') {
      // xsi:nil="true" (or an empty element) means the quantity is unknown: omit it.
      if (text === '') continue;
      // Not a decimal: kept as text, so the event check refuses it as it does in JSON.
      out.quantity = DECIMAL.test(text) ? Number(text) : text;
    } else if (field.local === 'uom') out.uom = text;
  }
  return out;
}

function bizTransactionList(node: XmlNode): JsonObject[] {
  const out: JsonObject[] = [];
  for (const element of node.children) {
    if (element.local !== 'bizTransaction') continue;
    const type = attributeValue(element, 'type');
    const entry: JsonObject = {};
    if (type !== undefined) entry.type = toJsonVocabulary('bizTransactionType', type.trim());
    entry.bizTransaction = textOf(element);
    out.push(entry);
  }
  return out;
}

function sourceDestinationList(node: XmlNode, member: 'source' | 'destination'): JsonObject[] {
  const out: JsonObject[] = [];
  for (const element of node.children) {
    if (element.local !== member) continue;
    const entry: JsonObject = {};
    const type = attributeValue(element, 'type');
    if (type !== undefined) entry.type = toJsonVocabulary('sourceDestType', type.trim());
    entry[member] = textOf(element);
    out.push(entry);
  }
  return out;
}

/** readPoint / bizLocation: the id, then vendor members (1.x put them in an `extension` child). */
function location(node: XmlNode, context: XmlConversionContext, path: string): JsonObject {
  const out: JsonObject = {};
  const visit = (parent: XmlNode) => {
    for (const child of parent.children) {
      if (isEpcisElement(child)) {
        if (child.local === 'id') out.id = textOf(child);
        else if (child.local === 'extension') visit(child);
        else unknownElement(child, context, path, parent);
      } else {
        addExtension(out, child, context, path);
      }
    }
  };
  visit(node);
  return out;
}

function addExtension(target: JsonObject, child: XmlNode, context: XmlConversionContext, path: string): void {
  const key = memberName(child.local, child.uri, context);
  const value = extensionValue(child, context, childPath(path, key));
  if (value !== undefined) addRepeatable(target, key, value, context, childPath(path, key));
}

function unknownElement(child: XmlNode, context: XmlConversionContext, path: string, parent: XmlNode): void {
  const at = childPath(path, child.local);
  if (parent.local === 'extension' && isEpcisElement(parent)) {
    // EPCIS 1.x allows unqualified elements in <extension> (xsd:any ##local); EPCIS 2.0 has no form
    // for them (no namespace, so no JSON-LD IRI), and GS1's own JSON of such examples leaves them out.
    context.issues.push(
      issue(
        'warning',
        'EPCIS_LOCAL_EXTENSION_DROPPED',
        at,
        `<${child.local}> in a 1.x <extension> has no namespace, so no EPCIS 2.0 form; dropped`,
        {
          line: child.line,
        },
      ),
    );
    return;
  }
  context.issues.push(
    issue(
      'error',
      'EPCIS_UNKNOWN_ELEMENT',
      at,
      `<${child.local}> is not an EPCIS element here; vendor elements need a namespace`,
      {
        line: child.line,
      },
    ),
  );
}

function ilmd(node: XmlNode, context: XmlConversionContext, path: string): JsonObject {
  const out: JsonObject = {};
  const visit = (parent: XmlNode) => {
    for (const child of parent.children) {
      if (isEpcisElement(child) && child.local === 'extension') visit(child);
      else if (isEpcisElement(child)) unknownElement(child, context, path, parent);
      else addExtension(out, child, context, path);
    }
  };
  visit(node);
  return out;
}

function errorDeclaration(node: XmlNode, context: XmlConversionContext, path: string): JsonObject {
  const out: JsonObject = {};
  const visit = (parent: XmlNode) => {
    for (const child of parent.children) {
      if (!isEpcisElement(child)) {
        addExtension(out, child, context, path);
        continue;
      }
      switch (child.local) {
        case 'declarationTime':
          out.declarationTime = textOf(child);
          break;
        case 'reason':
          out.reason = toJsonVocabulary('errorReason', textOf(child));
          break;
        case 'correctiveEventIDs':
          out.correctiveEventIDs = childrenNamed(child, 'correctiveEventID').map(textOf);
          break;
        case 'extension':
          visit(child);
          break;
        default:
          unknownElement(child, context, path, parent);
      }
    }
  };
  visit(node);
  return out;
}

function persistentDisposition(node: XmlNode): JsonObject {
  const out: JsonObject = {};
  const set = childrenNamed(node, 'set').map((n) => toJsonVocabulary('disposition', textOf(n)));
  const unset = childrenNamed(node, 'unset').map((n) => toJsonVocabulary('disposition', textOf(n)));
  if (set.length > 0) out.set = set;
  if (unset.length > 0) out.unset = unset;
  return out;
}

function sensorAttributes(
  node: XmlNode,
  context: XmlConversionContext,
  path: string,
  typeFirst: boolean,
): JsonObject {
  const out: JsonObject = {};
  // GS1's JSON puts the measurement type (and exception) first; the rest keep their XML order.
  const ordered = typeFirst
    ? [...node.attributes].sort((a, b) => rank(a.local, a.uri) - rank(b.local, b.uri))
    : node.attributes;
  for (const attribute of ordered) {
    if (attribute.uri === EPCIS_XML_NAMESPACES.xmlns || attribute.uri === EPCIS_XML_NAMESPACES.xsi) continue;
    const key = memberName(attribute.local, attribute.uri, context);
    const memberPath = childPath(path, key);
    const value = attribute.value.trim();
    if (attribute.uri !== '') setMember(out, key, attribute.value, context, memberPath);
    else if (SENSOR_NUMBERS.has(key)) {
      const number = parseDecimal(value, context, memberPath, node.line);
      if (number !== undefined) out[key] = number;
    } else if (key === 'booleanValue') {
      if (value === 'true' || value === '1') out[key] = true;
      else if (value === 'false' || value === '0') out[key] = false;
      else
        context.issues.push(
          issue('error', 'EPCIS_BOOLEAN_INVALID', memberPath, `"${value.slice(0, 40)}" is not a boolean`),
        );
    } else {
      const kind = SENSOR_VOCABULARY[key];
      setMember(out, key, kind === undefined ? value : toJsonVocabulary(kind, value), context, memberPath);
    }
  }
  return out;
}

function rank(local: string, uri: string): number {
  if (uri !== '') return 2;
  return local === 'type' ? 0 : local === 'exception' ? 1 : 2;
}

function sensorElementList(node: XmlNode, context: XmlConversionContext, path: string): JsonObject[] {
  return childrenNamed(node, 'sensorElement').map((element, i) => {
    const elementPath = childPath(path, i);
    const out: JsonObject = {};
    const reports: JsonObject[] = [];
    const visit = (parent: XmlNode) => {
      for (const child of parent.children) {
        if (!isEpcisElement(child)) {
          addExtension(out, child, context, elementPath);
          continue;
        }
        if (child.local === 'sensorMetadata') {
          out.sensorMetadata = sensorAttributes(
            child,
            context,
            childPath(elementPath, 'sensorMetadata'),
            false,
          );
        } else if (child.local === 'sensorReport') {
          if (reports.length === 0) out.sensorReport = reports;
          reports.push(
            sensorAttributes(
              child,
              context,
              childPath(childPath(elementPath, 'sensorReport'), reports.length),
              true,
            ),
          );
        } else if (child.local === 'extension') visit(child);
        else unknownElement(child, context, elementPath, parent);
      }
    };
    visit(element);
    return out;
  });
}

/**
 * Converts one event element (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent,
 * AssociationEvent, or a 1.x QuantityEvent) to JSON-LD. Problems go to `context.issues`; an error
 * there means the event is not usable.
 */
export function eventFromXml(node: XmlNode, context: XmlConversionContext): EpcisEvent {
  const isQuantityEvent = node.local === 'QuantityEvent';
  const event: EpcisEvent = { type: isQuantityEvent ? 'ObjectEvent' : node.local };
  const certificationInfo: string[] = [];
  const quantityEventElement: JsonObject = {};
  const visit = (parent: XmlNode) => {
    for (const child of parent.children) {
      if (!isEpcisElement(child)) {
        addExtension(event, child, context, '');
        continue;
      }
      const name = child.local;
      switch (name) {
        case 'eventTime':
        case 'recordTime':
        case 'eventTimeZoneOffset':
        case 'eventID':
        case 'action':
        case 'parentID':
        case 'transformationID':
          event[name] = textOf(child);
          break;
        case 'certificationInfo':
          if (certificationInfo.length === 0) event.certificationInfo = '';
          certificationInfo.push(textOf(child));
          break;
        case 'errorDeclaration':
          event.errorDeclaration = errorDeclaration(child, context, '/errorDeclaration');
          break;
        case 'epcList':
        case 'childEPCs':
        case 'inputEPCList':
        case 'outputEPCList':
          event[name] = epcList(child);
          break;
        case 'bizStep':
          event.bizStep = toJsonVocabulary('bizStep', textOf(child));
          break;
        case 'disposition':
          event.disposition = toJsonVocabulary('disposition', textOf(child));
          break;
        case 'readPoint':
        case 'bizLocation':
          event[name] = location(child, context, `/${name}`);
          break;
        case 'bizTransactionList':
          event.bizTransactionList = bizTransactionList(child);
          break;
        case 'quantityList':
        case 'childQuantityList':
        case 'inputQuantityList':
        case 'outputQuantityList':
          event[name] = quantityList(child);
          break;
        case 'sourceList':
          event.sourceList = sourceDestinationList(child, 'source');
          break;
        case 'destinationList':
          event.destinationList = sourceDestinationList(child, 'destination');
          break;
        case 'sensorElementList':
          event.sensorElementList = sensorElementList(child, context, '/sensorElementList');
          break;
        case 'persistentDisposition':
          event.persistentDisposition = persistentDisposition(child);
          break;
        case 'ilmd':
          event.ilmd = ilmd(child, context, '/ilmd');
          break;
        case 'extension':
        case 'baseExtension':
          visit(child);
          break;
        case 'epcClass':
        case 'quantity':
          if (!isQuantityEvent) {
            unknownElement(child, context, '', parent);
            break;
          }
          // A 1.x QuantityEvent: epcClass + quantity become the one element of a 2.0 quantityList.
          if (event.quantityList === undefined) {
            event.quantityList = [quantityEventElement];
            event.action = 'OBSERVE';
          }
          Object.assign(quantityEventElement, quantityElement({ ...parent, children: [child] }));
          break;
        default:
          unknownElement(child, context, '', parent);
      }
    }
  };
  visit(node);
  if (certificationInfo.length > 0) {
    event.certificationInfo =
      certificationInfo.length === 1 ? (certificationInfo[0] as string) : certificationInfo;
  }
  if (isQuantityEvent) {
    context.issues.push(
      issue(
        'warning',
        'EPCIS_QUANTITY_EVENT_CONVERTED',
        '',
        'QuantityEvent read as an ObjectEvent with action OBSERVE',
        {
          line: node.line,
        },
      ),
    );
  }
  context.issues.push(...validateEpcisEvent(event, { line: node.line }));
  return event;
}

/** Registers the namespaces an element declares, except the EPCIS ones, so they become `@context` prefixes. */
export function registerNamespaces(declarations: Record<string, string>, prefixes: PrefixTable): void {
  for (const [prefix, uri] of Object.entries(declarations)) {
    if (uri === '' || isStandardNamespace(uri)) continue;
    prefixes.add(prefix, uri);
  }
}
