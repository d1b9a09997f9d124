/**
 * The EPCIS XML header to its JSON-LD members: the Standard Business Document Header gives `sender`,
 * `receiver` and `instanceIdentifier` (as GS1's pseudo-SBDH JSON example does), master data gives
 * `epcisHeader.epcisMasterData.vocabularyList` (EPCIS 2.0 §12.4).
 */
import { issue, joinPointer } from '@medsupply/validators';
import type { EpcisHeader, JsonValue } from '../model.js';
import { EPCIS_XML_NAMESPACES, isStandardNamespace, jsonLdNamespace } from '../namespaces.js';
import { type XmlConversionContext, extensionValue } from './event-from-xml.js';
import { type XmlNode, attributeValue, childNamed, childrenNamed, textOf } from './tree.js';

type JsonObject = { [key: string]: JsonValue };

function findDescendant(node: XmlNode, local: string, depth = 3): XmlNode | undefined {
  for (const child of node.children) {
    if (child.local === local) return child;
    if (depth > 0) {
      const found = findDescendant(child, local, depth - 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function partnerIdentifier(sbdh: XmlNode, role: 'Sender' | 'Receiver'): string | undefined {
  const partner = childNamed(sbdh, role);
  const identifier = partner === undefined ? undefined : childNamed(partner, 'Identifier');
  return identifier === undefined ? undefined : textOf(identifier);
}

/** Reads SBDH and master data from a captured `<EPCISHeader>` into the header. */
export function applyXmlHeader(node: XmlNode, header: EpcisHeader, context: XmlConversionContext): void {
  const sbdh = childNamed(node, 'StandardBusinessDocumentHeader');
  if (sbdh !== undefined) {
    const sender = partnerIdentifier(sbdh, 'Sender');
    const receiver = partnerIdentifier(sbdh, 'Receiver');
    const identification = childNamed(sbdh, 'DocumentIdentification');
    const instance =
      identification === undefined ? undefined : childNamed(identification, 'InstanceIdentifier');
    if (sender) header.sender = sender;
    if (receiver) header.receiver = receiver;
    if (instance !== undefined && textOf(instance) !== '') header.instanceIdentifier = textOf(instance);
  }
  const masterData = findDescendant(node, 'EPCISMasterData');
  const list = masterData === undefined ? undefined : childNamed(masterData, 'VocabularyList');
  const epcisHeader: JsonObject = {};
  if (list !== undefined) {
    epcisHeader.epcisMasterData = {
      vocabularyList: vocabularyList(list, context, '/epcisHeader/epcisMasterData/vocabularyList'),
    };
  }
  // The whole SBDH (contact information, business scope, ...) and vendor elements of the header (a
  // DSCSA transaction statement, a guideline version) are carried as vendor members of `epcisHeader`.
  for (const child of node.children) {
    const isSbdh = child.uri === EPCIS_XML_NAMESPACES.sbdh;
    if (!isSbdh && (child.uri === '' || isStandardNamespace(child.uri))) {
      if (child.local !== 'extension')
        context.issues.push(
          issue(
            'warning',
            'EPCIS_ELEMENT_SKIPPED',
            '/epcisHeader',
            `<${child.local}> in the header has no namespace, so no EPCIS 2.0 form; skipped`,
            {
              line: child.line,
            },
          ),
        );
      continue;
    }
    if (isSbdh) context.prefixes.add('sbdh', EPCIS_XML_NAMESPACES.sbdh);
    const prefix = context.prefixes.prefixOf(child.uri);
    const key =
      prefix === undefined ? `${jsonLdNamespace(child.uri)}${child.local}` : `${prefix}:${child.local}`;
    const value = extensionValue(child, context, joinPointer('/epcisHeader', key));
    if (value !== undefined && key !== '__proto__') epcisHeader[key] = value;
  }
  if (Object.keys(epcisHeader).length > 0) header.epcisHeader = epcisHeader;
}

/** `<VocabularyList>` to its JSON-LD array. */
export function vocabularyList(list: XmlNode, context: XmlConversionContext, path: string): JsonObject[] {
  return childrenNamed(list, 'Vocabulary').map((vocabulary, v) => {
    const out: JsonObject = { type: attributeValue(vocabulary, 'type') ?? '' };
    const elementList = childNamed(vocabulary, 'VocabularyElementList');
    if (elementList !== undefined) {
      out.vocabularyElementList = childrenNamed(elementList, 'VocabularyElement').map((element, e) =>
        vocabularyElement(element, context, joinPointer(path, v, 'vocabularyElementList', e)),
      );
    }
    return out;
  });
}

function vocabularyElement(element: XmlNode, context: XmlConversionContext, path: string): JsonObject {
  const out: JsonObject = { id: attributeValue(element, 'id') ?? '' };
  const attributes = childrenNamed(element, 'attribute');
  if (attributes.length > 0) {
    out.attributes = attributes.map((attribute, a) => {
      const value: JsonObject = { id: attributeValue(attribute, 'id') ?? '' };
      if (attribute.children.length === 0) value.attribute = textOf(attribute);
      else {
        // The attribute's own `id` is not part of its value.
        const content = extensionValue(
          { ...attribute, attributes: [] },
          context,
          joinPointer(path, 'attributes', a),
        );
        if (content !== undefined) value.attribute = content;
      }
      return value;
    });
  }
  const children = childNamed(element, 'children');
  if (children !== undefined) out.children = childrenNamed(children, 'id').map(textOf);
  return out;
}
