/**
 * Streaming EPCIS XML reader (EPCIS 1.2 and 2.0 documents and query documents) on the saxes SAX
 * parser: memory holds one event at a time, so a document of any size converts in bounded memory.
 * Hostile input is bounded: no DTD or entity processing, and limits on size, depth, element and
 * attribute counts and token size (see limits.ts).
 */
import { type Issue, issue } from '@medsupply/validators';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DocumentText, type TextProblem } from '../document-text.js';
import { EPCIS_EVENT_TYPES, type EpcisHeader, type EpcisReadItem } from '../model.js';
import { EPCIS_XML_NAMESPACES, PrefixTable } from '../namespaces.js';
import { eventFromXml, registerNamespaces } from './event-from-xml.js';
import { applyXmlHeader } from './header-from-xml.js';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './limits.js';
import type { XmlAttribute, XmlNode } from './tree.js';

/** Options of the XML reader. */
export interface EpcisXmlReaderOptions {
  /** Limits on hostile input; unset members take their defaults. */
  limits?: Partial<XmlLimits>;
}

// What an open element is to the reader.
enum Role {
  Root = 0,
  Body = 1,
  EventList = 2,
  QueryResults = 3,
  ResultsBody = 4,
  Capture = 5,
  QueryName = 6,
  SubscriptionId = 7,
  Skip = 8,
}

const NO_ATTRIBUTES: XmlAttribute[] = [];
// Shared by every childless element until its first child arrives (most elements are leaves): one
// array fewer per element. Never pushed to: `captureChild` swaps in an array of the element's own.
const NO_CHILDREN: XmlNode[] = [];

function qualified(node: XmlNode): string {
  return node.prefix === '' ? node.local : `${node.prefix}:${node.local}`;
}

const EVENT_NAMES = new Set<string>([...EPCIS_EVENT_TYPES, 'QuantityEvent']);
const EPCIS_ROOT_NAMESPACES = new Set<string>([
  EPCIS_XML_NAMESPACES.epcis2,
  EPCIS_XML_NAMESPACES.epcis1,
  EPCIS_XML_NAMESPACES.query2,
  EPCIS_XML_NAMESPACES.query1,
]);
// A DOCTYPE that only names the root (`<!DOCTYPE project>`, found in GS1's own examples) declares nothing.
const BARE_DOCTYPE = /^\s*[A-Za-z_:][A-Za-z0-9_.:-]*\s*$/;

/**
 * Push-style reader: `write` chunks of the document, then `end`; every header, event and document-level
 * issue goes to `onItem` in document order. After a fatal problem (syntax, limit) the rest is ignored.
 */
export class EpcisXmlReader {
  private readonly limits: XmlLimits;
  private readonly input: DocumentText;
  private readonly parser: SaxesParser<{ xmlns: false; position: true }>;
  private readonly prefixes = new PrefixTable();
  private readonly header: EpcisHeader = { documentType: 'EPCISDocument', namespaces: [] };
  private readonly roles: Role[] = [];
  private capture: XmlNode[] = [];
  private captureElements = 0;
  private captureIsHeader = false;
  private queryText = '';
  private headerSent = false;
  private eventIndex = 0;
  private elements = 0;
  private charsFed = 0;
  private charsAtLastToken = 0;
  private stopped = false;
  private sawRoot = false;
  private sawEventList = false;
  private readonly reportedElements = new Set<string>();
  private checkedDeclaration = false;
  private prolog = '';
  // In-scope namespace bindings; `scopeDepths` says at which depth each saved binding set ends.
  private bindings: ReadonlyMap<string, string> = new Map([['xml', EPCIS_XML_NAMESPACES.xml]]);
  private readonly savedBindings: Array<ReadonlyMap<string, string>> = [];
  private readonly scopeDepths: number[] = [];
  // The bindings the element being opened declared itself (for the root: the @context prefixes).
  private declared: ReadonlyMap<string, string> | undefined;

  constructor(
    private readonly onItem: (item: EpcisReadItem) => void,
    options: EpcisXmlReaderOptions = {},
  ) {
    this.limits = { ...DEFAULT_XML_LIMITS, ...options.limits };
    this.input = new DocumentText(this.limits.maxDocumentBytes);
    // Namespaces are resolved here rather than by saxes: measured, saxes's own resolution costs more than
    // this reader needs (most EPCIS elements are unqualified and declare nothing).
    this.parser = new SaxesParser({ xmlns: false, position: true });
    this.parser.on('opentag', (tag) => this.openTag(tag));
    this.parser.on('closetag', () => this.closeTag());
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
    this.parser.on('doctype', (doctype) => this.doctype(doctype));
    this.parser.on('error', (error) => {
      const message = error.message.replace(/^[^:]*:\d+:\d+: /, '');
      const code = /entity/i.test(message) ? 'XML_ENTITY_FORBIDDEN' : 'XML_SYNTAX';
      this.fatal(code, message);
    });
  }

  /** True once a fatal problem stopped the reader. */
  get failed(): boolean {
    return this.stopped;
  }

  /** Feeds the next chunk (UTF-8 bytes or text). */
  write(chunk: Uint8Array | string): void {
    if (this.stopped) return;
    const text = this.input.next(chunk);
    if (typeof text !== 'string') {
      this.stopOn(text);
      return;
    }
    if (!this.checkedDeclaration) this.checkDeclaration(text);
    if (this.stopped) return;
    // Feed in slices so that one endless token is caught after maxTokenBytes, not after the whole chunk.
    const slice = Math.max(4096, Math.min(this.limits.maxTokenBytes, 1 << 16));
    for (let start = 0; start < text.length && !this.stopped; start += slice) {
      const part = start === 0 && text.length <= slice ? text : text.slice(start, start + slice);
      this.parser.write(part);
      this.charsFed += part.length;
      if (this.charsFed - this.charsAtLastToken > this.limits.maxTokenBytes) {
        this.fatal(
          'XML_TOKEN_TOO_LARGE',
          `a single token is larger than ${this.limits.maxTokenBytes} characters`,
          {
            limit: this.limits.maxTokenBytes,
          },
        );
      }
    }
  }

  /** Ends the document: reports an unclosed document and sends the header if no event list was met. */
  end(): void {
    if (!this.stopped) {
      const rest = this.input.end();
      if (typeof rest !== 'string') this.stopOn(rest);
      else if (rest !== '') this.parser.write(rest);
      if (!this.stopped) this.parser.close();
      if (!this.stopped && !this.sawRoot) {
        this.fatal('EPCIS_NOT_A_DOCUMENT', 'the input has no root element');
      }
      if (!this.stopped && this.sawRoot && !this.sawEventList && this.roles.length === 0) {
        this.onItem({
          kind: 'issue',
          issue: issue(
            'error',
            'EPCIS_EVENT_LIST_MISSING',
            '',
            'the document has no <EventList> in its <EPCISBody>, so no event could be read',
          ),
        });
      }
    }
    this.sendHeader();
  }

  /**
   * Checks the encoding of the XML declaration. Done on the text rather than with a saxes handler:
   * measured, each extra saxes handler can slow the whole parse several times over.
   */
  private checkDeclaration(text: string): void {
    this.prolog += text.slice(0, 512);
    if (
      this.prolog.length < 512 &&
      !this.prolog.includes('?>') &&
      this.prolog.trimStart().startsWith('<?xml')
    )
      return;
    this.checkedDeclaration = true;
    const match = /^\uFEFF?<\?xml\s[^?]*?encoding\s*=\s*["']([^"']*)["']/.exec(this.prolog);
    const encoding = match?.[1]?.toLowerCase();
    if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'utf8') {
      this.fatal('XML_ENCODING_UNSUPPORTED', `encoding "${match?.[1]}" is not supported; use UTF-8`);
    }
  }

  private token(): void {
    this.charsAtLastToken = this.charsFed;
  }

  /** Reports a chunk that could not become text. */
  private stopOn(problem: TextProblem): void {
    if (problem.kind === 'encoding') this.fatal('XML_ENCODING_UNSUPPORTED', 'the input is not valid UTF-8');
    else
      this.fatal('XML_DOCUMENT_TOO_LARGE', `the document is larger than ${problem.limit} bytes`, {
        limit: problem.limit,
      });
  }

  private fatal(code: string, message: string, params: Record<string, unknown> = {}): void {
    if (this.stopped) return;
    this.stopped = true;
    const line = this.parser.line;
    const column = this.parser.column;
    if (this.capture.length > 0 && !this.captureIsHeader) {
      // The event being read cannot be completed: it counts as one failed record.
      const root = this.capture[0] as XmlNode;
      this.onItem({
        kind: 'event',
        index: this.eventIndex++,
        line: root.line,
        issues: [issue('error', code, '', message, { ...params, line, column })],
      });
    } else {
      this.onItem({
        kind: 'issue',
        issue: issue('error', code, '', message, { ...params, line, column }),
        line,
      });
    }
    this.capture = [];
  }

  private doctype(doctype: string): void {
    this.token();
    if (!BARE_DOCTYPE.test(doctype)) {
      this.fatal(
        'XML_DOCTYPE_FORBIDDEN',
        'DOCTYPE declarations with an internal subset or external identifier are not allowed',
      );
    }
  }

  private openTag(tag: SaxesTagPlain): void {
    if (this.stopped) return;
    this.token();
    if (++this.elements > this.limits.maxElements) {
      this.fatal('XML_TOO_MANY_ELEMENTS', `the document has more than ${this.limits.maxElements} elements`, {
        limit: this.limits.maxElements,
      });
      return;
    }
    if (this.roles.length >= this.limits.maxDepth) {
      this.fatal('XML_TOO_DEEP', `elements nest deeper than ${this.limits.maxDepth}`, {
        limit: this.limits.maxDepth,
      });
      return;
    }
    const element = this.resolve(tag);
    if (element === undefined) return;
    const parent = this.roles.length === 0 ? undefined : this.roles[this.roles.length - 1];
    if (parent === Role.Capture) {
      this.captureChild(element);
      return;
    }
    this.roles.push(this.roleOf(element, parent));
  }

  /** Counts attributes, applies namespace declarations and resolves the element's and attributes' names. */
  private resolve(tag: SaxesTagPlain): XmlNode | undefined {
    let count = 0;
    let declares: Map<string, string> | undefined;
    for (const name in tag.attributes) {
      count++;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        declares ??= new Map(this.bindings);
        declares.set(name.length === 5 ? '' : name.slice(6), tag.attributes[name] as string);
      }
    }
    if (count > this.limits.maxAttributes) {
      this.fatal(
        'XML_TOO_MANY_ATTRIBUTES',
        `<${tag.name}> has more than ${this.limits.maxAttributes} attributes`,
        {
          limit: this.limits.maxAttributes,
        },
      );
      return undefined;
    }
    if (declares !== undefined) {
      this.savedBindings.push(this.bindings);
      this.scopeDepths.push(this.roles.length);
      this.bindings = declares;
      this.declared = declares;
    } else this.declared = undefined;
    const name = tag.name;
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const uri = this.bindings.get(prefix) ?? '';
    if (colon >= 0 && uri === '') {
      this.fatal('XML_SYNTAX', `the prefix "${prefix}" of <${name}> is not declared`);
      return undefined;
    }
    const node: XmlNode = {
      local: colon < 0 ? name : name.slice(colon + 1),
      uri,
      prefix,
      attributes: count === 0 ? NO_ATTRIBUTES : [],
      children: NO_CHILDREN,
      text: '',
      line: this.parser.line,
    };
    if (count === 0) return node;
    for (const attributeName in tag.attributes) {
      if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) continue;
      const value = tag.attributes[attributeName] as string;
      const at = attributeName.indexOf(':');
      if (at < 0) {
        node.attributes.push({ local: attributeName, uri: '', prefix: '', value });
        continue;
      }
      const attributePrefix = attributeName.slice(0, at);
      const attributeUri = this.bindings.get(attributePrefix);
      if (attributeUri === undefined || attributeUri === '') {
        this.fatal(
          'XML_SYNTAX',
          `the prefix "${attributePrefix}" of attribute ${attributeName} is not declared`,
        );
        return undefined;
      }
      node.attributes.push({
        local: attributeName.slice(at + 1),
        uri: attributeUri,
        prefix: attributePrefix,
        value,
      });
    }
    return node;
  }

  private roleOf(tag: XmlNode, parent: Role | undefined): Role {
    const local = tag.local;
    if (parent === undefined) return this.openRoot(tag);
    switch (parent) {
      case Role.Root:
        if (local === 'EPCISHeader') {
          this.startCapture(tag, true);
          return Role.Capture;
        }
        if (local === 'EPCISBody' && tag.uri === '') return Role.Body;
        this.unexpectedElement(tag, 'EPCISHeader, EPCISBody, extension or a vendor element');
        return Role.Skip;
      case Role.Body:
        if (local === 'EventList' && tag.uri === '') return this.openEventList();
        if (local === 'QueryResults') return Role.QueryResults;
        if (this.header.documentType === 'EPCISQueryDocument' && tag.uri !== '')
          this.unsupportedQueryBody(local);
        else this.unexpectedElement(tag, 'EventList, extension or a vendor element');
        return Role.Skip;
      case Role.QueryResults:
        if (local === 'queryName' || local === 'subscriptionID') {
          this.queryText = '';
          return local === 'queryName' ? Role.QueryName : Role.SubscriptionId;
        }
        return local === 'resultsBody' ? Role.ResultsBody : Role.Skip;
      case Role.ResultsBody:
        if (local === 'EventList') return this.openEventList();
        this.unsupportedQueryBody(local);
        return Role.Skip;
      case Role.EventList:
        // EPCIS 1.x nests TransformationEvent and AssociationEvent in <extension> (and <extension><extension>).
        if (local === 'extension' && tag.uri === '') return Role.EventList;
        if (EVENT_NAMES.has(local) && (tag.uri === '' || EPCIS_ROOT_NAMESPACES.has(tag.uri))) {
          this.startCapture(tag, false);
          return Role.Capture;
        }
        this.onItem({
          kind: 'event',
          index: this.eventIndex++,
          line: this.parser.line,
          issues: [
            issue('error', 'EPCIS_EVENT_TYPE_UNKNOWN', '', `<${qualified(tag)}> is not an EPCIS event type`, {
              line: this.parser.line,
            }),
          ],
        });
        return Role.Skip;
      default:
        return Role.Skip;
    }
  }

  private openRoot(tag: XmlNode): Role {
    this.sawRoot = true;
    const isDocument = tag.local === 'EPCISDocument' || tag.local === 'EPCISQueryDocument';
    if (!isDocument || !EPCIS_ROOT_NAMESPACES.has(tag.uri)) {
      this.fatal(
        'EPCIS_NOT_A_DOCUMENT',
        `the root element <${qualified(tag)}> is not an EPCISDocument or EPCISQueryDocument`,
      );
      return Role.Skip;
    }
    this.header.documentType = tag.local as EpcisHeader['documentType'];
    for (const attribute of tag.attributes) {
      if (attribute.uri !== '') continue;
      if (attribute.local === 'schemaVersion') this.header.schemaVersion = attribute.value.trim();
      else if (attribute.local === 'creationDate') this.header.creationDate = attribute.value.trim();
    }
    if (this.declared !== undefined) registerNamespaces(Object.fromEntries(this.declared), this.prefixes);
    return Role.Root;
  }

  private openEventList(): Role {
    this.sawEventList = true;
    this.sendHeader();
    return Role.EventList;
  }

  /**
   * An element where the XSD allows only certain ones: unqualified unknown names are errors (the
   * events inside would be lost without a word); `extension` and vendor elements (other namespaces,
   * which the XSD allows as `##other`) are skipped with a warning.
   */
  private unexpectedElement(tag: XmlNode, expected: string): void {
    const line = this.parser.line;
    // Each name once: a flood of one unknown element must not flood the report.
    const name = qualified(tag);
    if (this.reportedElements.has(name) || this.reportedElements.size >= 64) return;
    this.reportedElements.add(name);
    const vendor = tag.uri !== '' && !EPCIS_ROOT_NAMESPACES.has(tag.uri);
    if (vendor || tag.local === 'extension') {
      this.onItem({
        kind: 'issue',
        issue: issue(
          'warning',
          'EPCIS_ELEMENT_SKIPPED',
          '',
          `<${qualified(tag)}> here holds no events; skipped`,
          {
            line,
          },
        ),
        line,
      });
      return;
    }
    this.onItem({
      kind: 'issue',
      issue: issue(
        'error',
        'EPCIS_UNKNOWN_ELEMENT',
        '',
        `<${qualified(tag)}> is not an EPCIS element (expected ${expected}); its content was not read`,
        { line },
      ),
      line,
    });
  }

  private unsupportedQueryBody(local: string): void {
    this.onItem({
      kind: 'issue',
      issue: issue(
        'warning',
        'EPCIS_QUERY_BODY_UNSUPPORTED',
        '',
        `<${local}> in a query document is not an event list; skipped`,
      ),
      line: this.parser.line,
    });
  }

  private sendHeader(): void {
    if (this.headerSent) return;
    this.headerSent = true;
    this.header.namespaces = [...this.prefixes.declared];
    this.onItem({ kind: 'header', header: this.header });
  }

  private startCapture(node: XmlNode, isHeader: boolean): void {
    this.captureIsHeader = isHeader;
    this.captureElements = 1;
    this.capture = [node];
  }

  private captureChild(node: XmlNode): void {
    if (++this.captureElements > this.limits.maxEventElements) {
      this.fatal('XML_EVENT_TOO_LARGE', `one event has more than ${this.limits.maxEventElements} elements`, {
        limit: this.limits.maxEventElements,
      });
      return;
    }
    const parent = this.capture[this.capture.length - 1] as XmlNode;
    // Text beside child elements is layout (EPCIS has no mixed content): drop it as soon as a child appears.
    parent.text = '';
    if (parent.children === NO_CHILDREN) parent.children = [node];
    else parent.children.push(node);
    this.capture.push(node);
    this.roles.push(Role.Capture);
  }

  private text(text: string): void {
    if (this.stopped) return;
    this.token();
    const role = this.roles[this.roles.length - 1];
    if (role === Role.Capture) {
      const node = this.capture[this.capture.length - 1] as XmlNode;
      node.text = node.text === '' ? text : node.text + text;
    } else if (role === Role.QueryName || role === Role.SubscriptionId) this.queryText += text;
  }

  private closeTag(): void {
    if (this.stopped) return;
    this.token();
    const role = this.roles.pop();
    if (this.scopeDepths.length > 0 && this.scopeDepths[this.scopeDepths.length - 1] === this.roles.length) {
      this.scopeDepths.pop();
      this.bindings = this.savedBindings.pop() as ReadonlyMap<string, string>;
    }
    if (role === Role.QueryName) this.header.queryName = this.queryText.trim();
    else if (role === Role.SubscriptionId) this.header.subscriptionID = this.queryText.trim();
    if (role !== Role.Capture) return;
    const node = this.capture.pop() as XmlNode;
    if (this.capture.length > 0) return;
    if (this.captureIsHeader) this.finishHeader(node);
    else this.finishEvent(node);
  }

  private finishHeader(node: XmlNode): void {
    const issues: Issue[] = [];
    applyXmlHeader(node, this.header, { prefixes: this.prefixes, issues });
    for (const found of issues) this.onItem({ kind: 'issue', issue: found });
  }

  private finishEvent(node: XmlNode): void {
    const issues: Issue[] = [];
    const event = eventFromXml(node, { prefixes: this.prefixes, issues });
    const failed = issues.some((i) => i.severity === 'error');
    this.onItem({
      kind: 'event',
      index: this.eventIndex++,
      line: node.line,
      event: failed ? undefined : event,
      issues,
    });
  }
}

/**
 * Reads an EPCIS XML document from a byte or text stream and yields its header, events and document
 * issues in order, one chunk's worth at a time.
 */
export async function* readEpcisXml(
  input: AsyncIterable<Uint8Array | string>,
  options: EpcisXmlReaderOptions = {},
): AsyncGenerator<EpcisReadItem> {
  const pending: EpcisReadItem[] = [];
  const reader = new EpcisXmlReader((item) => pending.push(item), options);
  for await (const chunk of input) {
    reader.write(chunk);
    yield* pending.splice(0);
    if (reader.failed) break;
  }
  reader.end();
  yield* pending.splice(0);
}
