/**
 * The small element tree the streaming XML reader builds for one event (or the header) at a time, so
 * memory stays proportional to the largest event, never to the document.
 */

/** One attribute, namespace-resolved. */
export interface XmlAttribute {
  /** Local name. */
  local: string;
  /** Namespace URI (`''` for unqualified attributes). */
  uri: string;
  /** The prefix as written (`''` when none). */
  prefix: string;
  value: string;
}

/** One element with its namespace-resolved name, attributes, children and text. */
export interface XmlNode {
  local: string;
  uri: string;
  prefix: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** Text content of the element itself (children's text excluded). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

/** The first child with a local name (in no namespace or the EPCIS namespace, as EPCIS fields are). */
export function childNamed(node: XmlNode, local: string): XmlNode | undefined {
  for (const child of node.children) if (child.local === local) return child;
  return undefined;
}

/** All children with a local name. */
export function childrenNamed(node: XmlNode, local: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of node.children) if (child.local === local) out.push(child);
  return out;
}

/** The trimmed text of an element: XML whitespace around a value is layout, not data. */
export function textOf(node: XmlNode): string {
  return node.text.trim();
}

/** The value of an unqualified attribute. */
export function attributeValue(node: XmlNode, local: string): string | undefined {
  for (const attribute of node.attributes)
    if (attribute.local === local && attribute.uri === '') return attribute.value;
  return undefined;
}
