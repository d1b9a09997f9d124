/**
 * Streaming EPCIS 2.0 JSON-LD writer: the document opens with its header, events follow one by one,
 * and `end` closes it, so a document of any size is written in bounded memory.
 */
import { EPCIS_CONTEXT_URL, type EpcisEvent, type EpcisHeader, type JsonValue } from '../model.js';

/** The `@context` for a header: the one a JSON input had, or the EPCIS context plus extension prefixes. */
export function jsonLdContext(header: EpcisHeader): JsonValue {
  if (header.context !== undefined) return header.context;
  const context: JsonValue[] = [EPCIS_CONTEXT_URL];
  for (const [prefix, iri] of header.namespaces) context.push({ [prefix]: iri });
  return context;
}

/** Writes one EPCIS JSON-LD document to a text sink. */
export class EpcisJsonWriter {
  private events = 0;
  private open = false;
  private isQuery = false;

  constructor(private readonly write: (text: string) => void) {}

  /** Writes the document start: context, type, version, creation date, header members, body opening. */
  header(header: EpcisHeader): void {
    this.open = true;
    this.isQuery = header.documentType === 'EPCISQueryDocument';
    const members: Array<[string, JsonValue]> = [['@context', jsonLdContext(header)]];
    if (header.id !== undefined) members.push(['id', header.id]);
    members.push(['type', header.documentType], ['schemaVersion', '2.0']);
    if (header.creationDate !== undefined) members.push(['creationDate', header.creationDate]);
    if (!this.isQuery) {
      // EPCIS JSON Schema: sender, receiver, instanceIdentifier and epcisHeader belong to EPCISDocument only.
      if (header.sender !== undefined) members.push(['sender', header.sender]);
      if (header.receiver !== undefined) members.push(['receiver', header.receiver]);
      if (header.instanceIdentifier !== undefined)
        members.push(['instanceIdentifier', header.instanceIdentifier]);
      if (header.epcisHeader !== undefined) members.push(['epcisHeader', header.epcisHeader]);
      // Vendor members of the document (prefixed names, as the JSON Schema allows) are carried as they came.
      for (const [key, value] of Object.entries(header.extensions ?? {})) members.push([key, value]);
    }
    let text = '{\n';
    for (const [key, value] of members)
      text += `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), 2)},\n`;
    if (this.isQuery) {
      text += '  "epcisBody": {\n    "queryResults": {\n';
      if (header.queryName !== undefined) text += `      "queryName": ${JSON.stringify(header.queryName)},\n`;
      if (header.subscriptionID !== undefined)
        text += `      "subscriptionID": ${JSON.stringify(header.subscriptionID)},\n`;
      text += '      "resultsBody": {\n        "eventList": [';
    } else {
      text += '  "epcisBody": {\n    "eventList": [';
    }
    this.write(text);
  }

  /** Writes one event. */
  event(event: EpcisEvent): void {
    const depth = this.isQuery ? 10 : 6;
    const separator = this.events === 0 ? '\n' : ',\n';
    this.write(`${separator}${' '.repeat(depth)}${indent(JSON.stringify(event, null, 2), depth)}`);
    this.events++;
  }

  /** Closes the event list, the body and the document. */
  end(): void {
    if (!this.open) return;
    this.open = false;
    const close = this.events === 0 ? ']' : `\n${' '.repeat(this.isQuery ? 8 : 4)}]`;
    this.write(this.isQuery ? `${close}\n      }\n    }\n  }\n}\n` : `${close}\n  }\n}\n`);
  }
}

function indent(json: string, spaces: number): string {
  return json.includes('\n') ? json.replace(/\n/g, `\n${' '.repeat(spaces)}`) : json;
}
