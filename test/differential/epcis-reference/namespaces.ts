/**
 * XML namespaces and JSON-LD prefixes for EPCIS extensions. In XML a vendor field is a namespaced
 * element; in JSON-LD it is a compact IRI whose prefix the `@context` defines (EPCIS 2.0 §12.1.1).
 */
import { lookupTable } from './lookup.js';

/** EPCIS 1.x and 2.0 XML namespaces of the standard itself (never extension namespaces). */
export const EPCIS_XML_NAMESPACES = {
  epcis2: 'urn:epcglobal:epcis:xsd:2',
  epcis1: 'urn:epcglobal:epcis:xsd:1',
  query2: 'urn:epcglobal:epcis-query:xsd:2',
  query1: 'urn:epcglobal:epcis-query:xsd:1',
  masterData2: 'urn:epcglobal:epcis-masterdata:xsd:2',
  masterData1: 'urn:epcglobal:epcis-masterdata:xsd:1',
  sbdh: 'http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmlns: 'http://www.w3.org/2000/xmlns/',
} as const;

const STANDARD = new Set<string>(Object.values(EPCIS_XML_NAMESPACES));

/** True for the EPCIS, query, master data, SBDH, XML Schema instance and XML namespaces. */
export function isStandardNamespace(uri: string): boolean {
  return STANDARD.has(uri) || uri === 'http://www.w3.org/2001/XMLSchema';
}

/** Prefixes the EPCIS 2.0 JSON-LD context defines itself (and protects). */
export const CONTEXT_PREFIXES: Readonly<Record<string, string>> = lookupTable({
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: 'https://ref.gs1.org/cbv/',
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: 'https://gs1.org/voc/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
});

/**
 * The JSON-LD form of an XML namespace: compact IRIs concatenate prefix and local name, so the IRI
 * must end in a separator (`http://ns.example.com/epcis` becomes `http://ns.example.com/epcis/`,
 * `urn:epcglobal:cbv:mda` becomes `urn:epcglobal:cbv:mda:`), as GS1's examples do.
 */
export function jsonLdNamespace(uri: string): string {
  if (/[/#:]$/.test(uri)) return uri;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? `${uri}/` : `${uri}:`;
}

/** Splits an absolute IRI into namespace and local name at its last `/`, `#` or `:`. */
export function splitIri(iri: string): [namespace: string, local: string] | undefined {
  const match = /^(.*[/#:])([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(iri);
  return match === null ? undefined : [match[1] as string, match[2] as string];
}

/** True when a JSON member name is an absolute IRI (`scheme://…` or `urn:…`) rather than a compact one. */
export function isAbsoluteIri(name: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|urn:)/i.test(name);
}

/**
 * Assigns JSON-LD prefixes to XML namespaces. An XML prefix is kept unless it is one the EPCIS context
 * defines for another IRI (the context is protected), or it is already taken; then `ns1`, `ns2`, ...
 */
export class PrefixTable {
  private readonly byIri = new Map<string, string>();
  private readonly byPrefix = new Map<string, string>();
  // Prefixes by namespace as written, so that `prefixOf` (once per vendor element) runs no regex.
  private readonly byNamespace = new Map<string, string | null>();
  /** Prefixes to declare in the output `@context`, in order (context-defined ones are not listed). */
  readonly declared: Array<[prefix: string, iri: string]> = [];

  /** Registers a namespace under the wanted prefix and returns the prefix it got. */
  add(wantedPrefix: string, namespace: string): string {
    const iri = jsonLdNamespace(namespace);
    const existing = this.byIri.get(iri);
    if (existing !== undefined) return existing;
    const predefined = CONTEXT_PREFIXES[wantedPrefix];
    let prefix = wantedPrefix;
    if (predefined === iri && !this.byPrefix.has(prefix)) {
      this.remember(prefix, iri);
      return prefix;
    }
    const contextPrefix = Object.entries(CONTEXT_PREFIXES).find(([, value]) => value === iri)?.[0];
    if (contextPrefix !== undefined && !this.byPrefix.has(contextPrefix)) {
      this.remember(contextPrefix, iri);
      return contextPrefix;
    }
    if (
      prefix === '' ||
      !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(prefix) ||
      predefined !== undefined ||
      this.byPrefix.has(prefix)
    ) {
      let n = 1;
      while (this.byPrefix.has(`ns${n}`) || CONTEXT_PREFIXES[`ns${n}`] !== undefined) n++;
      prefix = `ns${n}`;
    }
    this.remember(prefix, iri);
    this.declared.push([prefix, iri]);
    return prefix;
  }

  /** The prefix of a namespace, if registered. */
  prefixOf(namespace: string): string | undefined {
    const known = this.byNamespace.get(namespace);
    if (known !== undefined) return known ?? undefined;
    const prefix = this.byIri.get(jsonLdNamespace(namespace));
    // Bounded: a hostile document may declare a new namespace on every element.
    if (this.byNamespace.size >= 1_024) this.byNamespace.clear();
    this.byNamespace.set(` ${namespace}`.slice(1), prefix ?? null);
    return prefix;
  }

  /** The IRI of a prefix, if registered. */
  iriOf(prefix: string): string | undefined {
    return this.byPrefix.get(prefix);
  }

  private remember(prefix: string, iri: string): void {
    // A namespace looked up before it was registered must be looked up again.
    this.byNamespace.clear();
    this.byIri.set(iri, prefix);
    this.byPrefix.set(prefix, iri);
  }
}
