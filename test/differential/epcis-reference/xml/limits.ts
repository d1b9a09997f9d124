/**
 * Bounds on untrusted XML. Defaults let a multi-gigabyte EPCIS document through while a hostile one
 * (deep nesting, attribute floods, one endless text node) stops early with a clear issue code.
 */
export interface XmlLimits {
  /** Largest document, in bytes of UTF-8 input (default 8 GiB). */
  maxDocumentBytes: number;
  /** Deepest element nesting (default 64; EPCIS documents nest about 12 deep). */
  maxDepth: number;
  /** Most elements in one document (default 500 million). */
  maxElements: number;
  /** Most attributes on one element, namespace declarations included (default 256). */
  maxAttributes: number;
  /** Largest single text node, attribute value, comment or tag, in characters (default 8 MiB). */
  maxTokenBytes: number;
  /** Most elements in one event or in the header (default 200,000). */
  maxEventElements: number;
}

/** The limits used when a caller gives none. */
export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = {
  maxDocumentBytes: 8 * 1024 ** 3,
  maxDepth: 64,
  maxElements: 500_000_000,
  maxAttributes: 256,
  maxTokenBytes: 8 * 1024 ** 2,
  maxEventElements: 200_000,
};
