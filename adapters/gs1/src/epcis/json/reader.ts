/**
 * Streaming EPCIS JSON / JSON-LD reader (EPCISDocument, EPCISQueryDocument, or one bare event with its
 * `@context`). A small scanner walks the document's outer structure; each event and each header
 * member is cut out as text and handed to `JSON.parse`, so memory holds one event at a time.
 */
import { type Issue, findDuplicateMember, issue, joinPointer } from '@medsupply/validators';
import { DocumentText, type TextProblem } from '../document-text.js';
import {
  EPCIS_EVENT_TYPES,
  type EpcisEvent,
  type EpcisHeader,
  type EpcisReadItem,
  type JsonValue,
} from '../model.js';
import { PrefixTable } from '../namespaces.js';
import { isExtensionName, validateEpcisEvent } from '../validate-event.js';
import { parseJsonKeepingNumbers } from './numbers.js';

/** Bounds on untrusted JSON. */
export interface JsonLimits {
  /** Largest document in bytes (default 8 GiB). */
  maxDocumentBytes: number;
  /** Deepest nesting of arrays and objects (default 64). */
  maxDepth: number;
  /** Largest single event or header member, in characters (default 64 MiB). */
  maxTokenBytes: number;
  /** Events held back while waiting for a `@context` that follows the body (default 10,000). */
  maxBufferedEvents: number;
}

/** The limits used when a caller gives none. */
export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = {
  maxDocumentBytes: 8 * 1024 ** 3,
  maxDepth: 64,
  maxTokenBytes: 64 * 1024 ** 2,
  maxBufferedEvents: 10_000,
};

/** Options of the JSON reader. */
export interface EpcisJsonReaderOptions {
  limits?: Partial<JsonLimits>;
}

enum State {
  Value = 0,
  ValueOrEnd = 1,
  Key = 2,
  KeyOrEnd = 3,
  KeyString = 4,
  Colon = 5,
  CommaOrEnd = 6,
  Capture = 7,
  Done = 8,
}

enum Capture {
  Nested = 0,
  String = 1,
  Literal = 2,
}

interface Frame {
  array: boolean;
  path: string;
  key: string;
  /** Member names met so far in an object the scanner walks through (not in arrays). */
  names: Set<string> | undefined;
}

// Containers the scanner walks through instead of cutting out whole.
const STRUCTURAL_OBJECTS = new Set([
  '',
  'epcisBody',
  'epcisBody.queryResults',
  'epcisBody.queryResults.resultsBody',
]);
const EVENT_LISTS = new Set(['epcisBody.eventList', 'epcisBody.queryResults.resultsBody.eventList']);
const EVENT_TYPES = new Set<string>(EPCIS_EVENT_TYPES);
// Members the EPCIS JSON Schema defines outside the event list (by dotted path); vendor members
// (compact or absolute IRIs) are allowed beside them.
const KNOWN_MEMBERS = new Set([
  '@context',
  'id',
  'type',
  'schemaVersion',
  'creationDate',
  'instanceIdentifier',
  'sender',
  'receiver',
  'epcisHeader',
  'epcisBody.queryResults.queryName',
  'epcisBody.queryResults.subscriptionID',
]);

/** Push-style reader: `write` chunks, then `end`; header, events and document issues go to `onItem`. */
export class EpcisJsonReader {
  private readonly limits: JsonLimits;
  private readonly input: DocumentText;
  private readonly frames: Frame[] = [];
  private state = State.Value;
  private line = 1;
  private column = 0;
  private stopped = false;
  // Text of the key or value being cut out, across chunks.
  private parts: string[] = [];
  private partsLength = 0;
  private captureKind = Capture.Nested;
  private captureDepth = 0;
  private inString = false;
  private escaped = false;
  private captureLine = 1;
  private readonly header: EpcisHeader = { documentType: 'EPCISDocument', namespaces: [] };
  private readonly rootMembers = new Map<string, JsonValue>();
  private headerSent = false;
  private sawContext = false;
  private sawRoot = false;
  private sawEventList = false;
  private eventIndex = 0;
  private held: EpcisReadItem[] = [];
  private holding = false;

  constructor(
    private readonly onItem: (item: EpcisReadItem) => void,
    options: EpcisJsonReaderOptions = {},
  ) {
    this.limits = { ...DEFAULT_JSON_LIMITS, ...options.limits };
    this.input = new DocumentText(this.limits.maxDocumentBytes);
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
    this.scan(text);
  }

  /** Ends the document. */
  end(): void {
    if (!this.stopped) {
      const rest = this.input.end();
      if (typeof rest !== 'string') this.stopOn(rest);
      else if (rest !== '') this.scan(rest);
    }
    if (
      !this.stopped &&
      this.state === State.Capture &&
      this.captureKind === Capture.Literal &&
      this.frames.length === 0
    ) {
      this.finishCapture();
    }
    if (!this.stopped && this.state !== State.Done) {
      this.fatal(
        'JSON_SYNTAX',
        this.sawRoot ? 'the document ends before it is complete' : 'the input is empty',
      );
    }
    this.flushHeld();
  }

  /** Reports a chunk that could not become text. */
  private stopOn(problem: TextProblem): void {
    if (problem.kind === 'encoding') this.fatal('JSON_SYNTAX', 'the input is not valid UTF-8');
    else
      this.fatal('JSON_DOCUMENT_TOO_LARGE', `the document is larger than ${problem.limit} bytes`, {
        limit: problem.limit,
      });
  }

  private fatal(code: string, message: string, params: Record<string, unknown> = {}, path = ''): void {
    if (this.stopped) return;
    this.stopped = true;
    const where = { line: this.line, column: this.column, ...params };
    const inEvent =
      this.state === State.Capture && EVENT_LISTS.has(this.frames[this.frames.length - 1]?.path ?? '');
    if (inEvent) {
      this.emit({
        kind: 'event',
        index: this.eventIndex++,
        line: this.captureLine,
        issues: [issue('error', code, path, message, where)],
      });
    } else {
      this.emit({ kind: 'issue', issue: issue('error', code, path, message, where), line: this.line });
    }
  }

  private scan(text: string): void {
    let captureStart = this.state === State.Capture || this.state === State.KeyString ? 0 : -1;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      if (this.stopped) return;
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.column = 0;
      } else this.column++;
      switch (this.state) {
        case State.Capture: {
          if (this.captureKind === Capture.Literal) {
            if (c === 44 || c === 125 || c === 93 || c === 32 || c === 9 || c === 10 || c === 13) {
              this.appendPart(text, captureStart, i);
              captureStart = -1;
              this.finishCapture();
              if (!this.stopped) this.structural(c);
            }
            continue;
          }
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === 92) this.escaped = true;
            else if (c === 34) {
              this.inString = false;
              if (this.captureKind === Capture.String) {
                this.appendPart(text, captureStart, i + 1);
                captureStart = -1;
                this.finishCapture();
              }
            }
            continue;
          }
          if (c === 34) this.inString = true;
          else if (c === 123 || c === 91) {
            if (++this.captureDepth + this.frames.length > this.limits.maxDepth) {
              this.fatal('JSON_TOO_DEEP', `values nest deeper than ${this.limits.maxDepth}`, {
                limit: this.limits.maxDepth,
              });
              return;
            }
          } else if (c === 125 || c === 93) {
            if (--this.captureDepth === 0) {
              this.appendPart(text, captureStart, i + 1);
              captureStart = -1;
              this.finishCapture();
            }
          }
          continue;
        }
        case State.KeyString: {
          if (this.escaped) this.escaped = false;
          else if (c === 92) this.escaped = true;
          else if (c === 34) {
            this.appendPart(text, captureStart, i + 1);
            captureStart = -1;
            this.finishKey();
          }
          continue;
        }
        default: {
          const started = this.structural(c);
          if (started) captureStart = i;
        }
      }
    }
    if (captureStart >= 0 && (this.state === State.Capture || this.state === State.KeyString)) {
      this.appendPart(text, captureStart, length);
    }
  }

  private appendPart(text: string, start: number, end: number): void {
    if (end <= start) return;
    this.partsLength += end - start;
    if (this.partsLength > this.limits.maxTokenBytes) {
      this.fatal('JSON_VALUE_TOO_LARGE', `one value is larger than ${this.limits.maxTokenBytes} characters`, {
        limit: this.limits.maxTokenBytes,
      });
      return;
    }
    this.parts.push(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  private takeParts(): string {
    const raw = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    return raw;
  }

  /** Handles one character outside a key or captured value; returns true when a capture starts at it. */
  private structural(c: number): boolean {
    if (c === 32 || c === 9 || c === 10 || c === 13) return false;
    switch (this.state) {
      case State.Value:
      case State.ValueOrEnd:
        if (c === 93 && this.state === State.ValueOrEnd) {
          this.closeContainer(true);
          return false;
        }
        return this.startValue(c);
      case State.Key:
      case State.KeyOrEnd:
        if (c === 125 && this.state === State.KeyOrEnd) {
          this.closeContainer(false);
          return false;
        }
        if (c !== 34) {
          this.unexpected(c);
          return false;
        }
        this.state = State.KeyString;
        this.escaped = false;
        return true;
      case State.Colon:
        if (c === 58) this.state = State.Value;
        else this.unexpected(c);
        return false;
      case State.CommaOrEnd: {
        const frame = this.frames[this.frames.length - 1];
        if (frame === undefined) {
          this.unexpected(c);
          return false;
        }
        if (c === 44) this.state = frame.array ? State.Value : State.Key;
        else if (c === (frame.array ? 93 : 125)) this.closeContainer(frame.array);
        else this.unexpected(c);
        return false;
      }
      case State.Done:
        this.unexpected(c);
        return false;
      default:
        return false;
    }
  }

  private unexpected(c: number): void {
    this.fatal('JSON_SYNTAX', `unexpected character ${JSON.stringify(String.fromCharCode(c))}`);
  }

  private valuePath(): string {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return '';
    if (frame.array) return `${frame.path}[]`;
    return frame.path === '' ? frame.key : `${frame.path}.${frame.key}`;
  }

  private startValue(c: number): boolean {
    const path = this.valuePath();
    if (this.frames.length === 0) {
      this.sawRoot = true;
      if (c !== 123) {
        this.fatal('EPCIS_NOT_A_DOCUMENT', 'the document is not a JSON object');
        return false;
      }
    }
    if ((c === 123 && STRUCTURAL_OBJECTS.has(path)) || (c === 91 && EVENT_LISTS.has(path))) {
      if (this.frames.length >= this.limits.maxDepth) {
        this.fatal('JSON_TOO_DEEP', `values nest deeper than ${this.limits.maxDepth}`, {
          limit: this.limits.maxDepth,
        });
        return false;
      }
      if (c === 91) {
        this.sawEventList = true;
        this.sendHeader(false);
      }
      this.frames.push({ array: c === 91, path, key: '', names: c === 91 ? undefined : new Set() });
      this.state = c === 91 ? State.ValueOrEnd : State.KeyOrEnd;
      return false;
    }
    this.state = State.Capture;
    this.captureLine = this.line;
    this.inString = c === 34;
    this.escaped = false;
    this.captureKind = c === 34 ? Capture.String : c === 123 || c === 91 ? Capture.Nested : Capture.Literal;
    this.captureDepth = this.captureKind === Capture.Nested ? 1 : 0;
    return true;
  }

  private closeContainer(array: boolean): void {
    const frame = this.frames.pop();
    if (frame === undefined || frame.array !== array) {
      this.fatal('JSON_SYNTAX', 'mismatched closing bracket');
      return;
    }
    this.state = this.frames.length === 0 ? State.Done : State.CommaOrEnd;
    if (this.frames.length === 0) this.finishRoot();
  }

  private finishKey(): void {
    const raw = this.takeParts();
    let key: string;
    try {
      key = JSON.parse(raw) as string;
    } catch {
      this.fatal('JSON_SYNTAX', 'malformed member name');
      return;
    }
    const frame = this.frames[this.frames.length - 1] as Frame;
    if (frame.names !== undefined) {
      // `{"type": "EPCISDocument", "type": "ObjectEvent"}`: which one counts depends on the parser, so
      // the document is refused, as the canonical readers refuse such a record.
      if (frame.names.has(key)) {
        this.fatal(
          'EPCIS_DUPLICATE_MEMBER',
          `member "${key.slice(0, 60)}" appears more than once in the same object; readers disagree on which one counts`,
          { name: key },
          joinPointer(pointerOf(frame.path), key),
        );
        return;
      }
      frame.names.add(key);
    }
    frame.key = key;
    this.state = State.Colon;
  }

  private finishCapture(): void {
    const raw = this.takeParts();
    const path = this.valuePath();
    this.state = State.CommaOrEnd;
    let value: JsonValue;
    const issues: Issue[] = [];
    try {
      value = parseJsonKeepingNumbers(raw, issues, { line: this.captureLine });
    } catch (error) {
      const message = error instanceof Error ? error.message : 'malformed value';
      if (
        EVENT_LISTS.has(this.frames[this.frames.length - 1]?.path ?? '') &&
        this.frames[this.frames.length - 1]?.array
      ) {
        // A malformed event stops the document: where the next event starts is unknown.
        this.state = State.Capture;
      }
      this.fatal('JSON_SYNTAX', message, { line: this.captureLine });
      return;
    }
    const frame = this.frames[this.frames.length - 1] as Frame;
    const inEventList = frame.array && EVENT_LISTS.has(frame.path);
    const duplicate = duplicateMemberOf(raw, value);
    if (duplicate !== undefined) {
      const name = lastToken(duplicate);
      const found = issue(
        'error',
        'EPCIS_DUPLICATE_MEMBER',
        inEventList ? duplicate : `${pointerOf(path)}${duplicate}`,
        `member "${name.slice(0, 60)}" appears more than once in the same object; readers disagree on which one counts`,
        { name, line: this.captureLine },
      );
      if (inEventList) issues.push(found);
      else {
        // A document member read two ways (`@context`, `epcisHeader`) is not used at all.
        this.emit({ kind: 'issue', issue: found, line: this.captureLine });
        return;
      }
    }
    if (raw.includes('"__proto__"')) value = dropProtoKeys(value, '', issues);
    if (inEventList) this.deliverEvent(value, issues);
    else this.deliverMember(path, value);
  }

  private deliverEvent(value: JsonValue, issues: Issue[]): void {
    const index = this.eventIndex++;
    if (
      value === null ||
      typeof value !== 'object' ||
      Array.isArray(value) ||
      typeof value.type !== 'string'
    ) {
      issues.push(
        issue(
          'error',
          'EPCIS_EVENT_NOT_AN_OBJECT',
          '',
          'an event list member is not an object with a "type"',
        ),
      );
      this.emit({ kind: 'event', index, line: this.captureLine, issues });
      return;
    }
    // One problem, one issue: a number already refused while parsing is not reported again.
    const refused = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.path));
    for (const found of validateEpcisEvent(value as EpcisEvent, { line: this.captureLine }))
      if (!refused.has(found.path)) issues.push(found);
    const failed = issues.some((i) => i.severity === 'error');
    this.emit({
      kind: 'event',
      index,
      line: this.captureLine,
      event: failed ? undefined : (value as EpcisEvent),
      issues,
    });
  }

  private deliverMember(path: string, value: JsonValue): void {
    const header = this.header;
    const name = path.slice(path.lastIndexOf('.') + 1);
    // Root members are checked once the root's type is known (a bare event has other members).
    if (path.includes('.') && !KNOWN_MEMBERS.has(path) && !isExtensionName(name)) {
      const pointer = `/${path.split('.').join('/')}`;
      const message = EVENT_LISTS.has(path)
        ? `${path} must be an array of events`
        : path.startsWith('epcisBody.')
          ? `"${name}" is not an EPCIS member here; events belong in epcisBody.eventList`
          : `"${name}" is not an EPCIS document member (vendor members need a prefix)`;
      this.emit({
        kind: 'issue',
        issue: issue('error', 'EPCIS_UNKNOWN_MEMBER', pointer, message, { line: this.captureLine }),
        line: this.captureLine,
      });
      return;
    }
    if (!path.includes('.') && isExtensionName(path)) {
      // A vendor member of the document (a DSCSA transaction statement, a guideline version): carried.
      header.extensions ??= {};
      header.extensions[path] = value;
    }
    const text = typeof value === 'string' ? value : undefined;
    if (!path.includes('.')) this.rootMembers.set(path, value);
    switch (path) {
      case '@context':
        this.sawContext = true;
        header.context = value;
        header.namespaces = contextPrefixes(value);
        break;
      case 'type':
        if (text === 'EPCISDocument' || text === 'EPCISQueryDocument') header.documentType = text;
        break;
      case 'schemaVersion':
        if (text !== undefined) header.schemaVersion = text;
        break;
      case 'creationDate':
      case 'id':
      case 'sender':
      case 'receiver':
      case 'instanceIdentifier':
        if (text !== undefined) header[path] = text;
        break;
      case 'epcisHeader':
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) header.epcisHeader = value;
        break;
      case 'epcisBody.queryResults.queryName':
        if (text !== undefined) header.queryName = text;
        break;
      case 'epcisBody.queryResults.subscriptionID':
        if (text !== undefined) header.subscriptionID = text;
        break;
    }
  }

  private finishRoot(): void {
    const type = this.rootMembers.get('type');
    if (typeof type === 'string' && EVENT_TYPES.has(type)) {
      // A single event with its own @context (EPCIS 2.0 capture of one event).
      this.header.extensions = undefined;
      this.sendHeader(true);
      const event: EpcisEvent = { type };
      for (const [key, value] of this.rootMembers)
        if (key !== '@context' && key !== 'type') event[key] = value;
      const issues = validateEpcisEvent(event, { line: 1 });
      const failed = issues.some((i) => i.severity === 'error');
      this.emit({
        kind: 'event',
        index: this.eventIndex++,
        line: 1,
        event: failed ? undefined : event,
        issues,
      });
      return;
    }
    if (type !== 'EPCISDocument' && type !== 'EPCISQueryDocument') {
      this.fatal(
        'EPCIS_NOT_A_DOCUMENT',
        `the document type ${JSON.stringify(type ?? null)} is not EPCISDocument, EPCISQueryDocument or an event`,
      );
      return;
    }
    for (const key of this.rootMembers.keys()) {
      if (KNOWN_MEMBERS.has(key) || isExtensionName(key)) continue;
      this.emit({
        kind: 'issue',
        issue: issue(
          'error',
          'EPCIS_UNKNOWN_MEMBER',
          `/${key}`,
          `"${key.slice(0, 60)}" is not an EPCIS document member (vendor members need a prefix)`,
        ),
      });
    }
    if (!this.sawEventList) {
      this.emit({
        kind: 'issue',
        issue: issue(
          'error',
          'EPCIS_EVENT_LIST_MISSING',
          type === 'EPCISQueryDocument'
            ? '/epcisBody/queryResults/resultsBody/eventList'
            : '/epcisBody/eventList',
          'the document has no event list, so no event could be read',
        ),
        line: this.line,
      });
    }
    this.sendHeader(true);
  }

  /** Sends the header; while `@context` is still unseen, events are held so JSON output can start with it. */
  private sendHeader(final: boolean): void {
    if (this.headerSent) return;
    if (!final && !this.sawContext) {
      this.holding = true;
      return;
    }
    this.headerSent = true;
    this.holding = false;
    this.onItem({ kind: 'header', header: this.header });
    this.flushHeld();
  }

  private emit(item: EpcisReadItem): void {
    if (!this.holding || this.headerSent) {
      this.onItem(item);
      return;
    }
    this.held.push(item);
    if (this.held.length > this.limits.maxBufferedEvents) this.sendHeader(true);
  }

  private flushHeld(): void {
    if (!this.headerSent && this.held.length > 0) {
      this.headerSent = true;
      this.onItem({ kind: 'header', header: this.header });
    }
    const held = this.held;
    this.held = [];
    for (const item of held) this.onItem(item);
  }
}

/** The JSON Pointer of a dotted scanner path (`epcisBody.queryResults`); its names hold no dots. */
function pointerOf(path: string): string {
  return path === '' ? '' : joinPointer('', ...path.split('.'));
}

/** The last reference token of a JSON Pointer, unescaped. */
function lastToken(pointer: string): string {
  return pointer
    .slice(pointer.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

/**
 * The pointer (relative to the value) of the first member name that repeats in one object of a
 * parsed value, or undefined. The validators' check compares the member names in the text with the
 * keys of the parsed value, so the keys are counted here (iteratively: the value may be deep).
 */
function duplicateMemberOf(raw: string, value: JsonValue): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  let keys = 0;
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const node = stack.pop() as JsonValue;
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        keys++;
        const child = node[key] as JsonValue;
        if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
  return findDuplicateMember(raw, keys);
}

/** Extension prefixes a JSON-LD `@context` defines (string values of its objects that are IRIs). */
export function contextPrefixes(context: JsonValue): Array<[string, string]> {
  const table = new PrefixTable();
  const visit = (entry: JsonValue) => {
    if (Array.isArray(entry)) entry.forEach(visit);
    else if (entry !== null && typeof entry === 'object') {
      for (const [prefix, iri] of Object.entries(entry)) {
        if (typeof iri === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(iri) && !prefix.includes(':'))
          table.add(prefix, iri);
      }
    }
  };
  visit(context);
  return table.declared;
}

function dropProtoKeys(value: JsonValue, path: string, issues: Issue[]): JsonValue {
  if (Array.isArray(value)) return value.map((item, i) => dropProtoKeys(item, joinPointer(path, i), issues));
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      issues.push(
        issue('error', 'FORBIDDEN_KEY', joinPointer(path, key), 'a member named __proto__ was dropped'),
      );
      continue;
    }
    out[key] = dropProtoKeys(value[key] as JsonValue, joinPointer(path, key), issues);
  }
  return out;
}

/** Reads an EPCIS JSON document from a byte or text stream, yielding its header, events and issues. */
export async function* readEpcisJson(
  input: AsyncIterable<Uint8Array | string>,
  options: EpcisJsonReaderOptions = {},
): AsyncGenerator<EpcisReadItem> {
  const pending: EpcisReadItem[] = [];
  const reader = new EpcisJsonReader((item) => pending.push(item), options);
  for await (const chunk of input) {
    reader.write(chunk);
    yield* pending.splice(0);
    if (reader.failed) break;
  }
  reader.end();
  yield* pending.splice(0);
}
