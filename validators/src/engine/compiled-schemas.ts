/**
 * The validators compiled at build time (dist/standalone, see scripts/compile-schemas.mjs), reached
 * through a {@link SchemaSource}: files on disk under Node (node-schema-source.ts), bundled modules in
 * a browser (dist/standalone/browser.js). Loading is lazy and per document type, so a feed of one type
 * loads one module.
 */
import type { SchemaError } from './schema-errors.js';

/**
 * A compiled validation function: the generated fast checker decides, and a document it rejects is
 * run through Ajv's standalone code, whose verdict and errors it reports (scripts/compile-schemas.mjs).
 */
export interface CompiledSchema {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** Which compiled module validates each document type of each version. */
export interface SchemaManifest {
  versions: Record<string, Record<string, string>>;
}

/** Where compiled schemas come from: their manifest, and a loader of one module by its manifest file. */
export interface SchemaSource {
  manifest: SchemaManifest;
  load(file: string): Promise<{ default: CompiledSchema }>;
}

/** The compiled schemas available: versions, document types, and the module of each. */
export class CompiledSchemas {
  private readonly manifest: SchemaManifest;
  /** Loaded validators by version, then document type (no key string built per record). */
  private readonly loaded = new Map<string, Map<string, CompiledSchema>>();

  constructor(private readonly source: SchemaSource) {
    this.manifest = source.manifest;
  }

  /** Released schema versions, oldest first. */
  versions(): string[] {
    return Object.keys(this.manifest.versions).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  /** The newest released version. */
  latestVersion(): string {
    return this.versions().at(-1) ?? '';
  }

  /** True when the version is a released one (without listing its document types). */
  hasVersion(version: string): boolean {
    return Object.hasOwn(this.manifest.versions, version);
  }

  /** Document types of a version (empty when the version is unknown). */
  documentTypes(version: string): string[] {
    return Object.hasOwn(this.manifest.versions, version)
      ? Object.keys(this.manifest.versions[version]!)
      : [];
  }

  /** True when a validator exists for this document type and version. */
  has(documentType: string, version: string): boolean {
    return (
      Object.hasOwn(this.manifest.versions, version) &&
      Object.hasOwn(this.manifest.versions[version]!, documentType)
    );
  }

  /** The loaded validator, or undefined when it has not been loaded yet. */
  get(documentType: string, version: string): CompiledSchema | undefined {
    return this.loaded.get(version)?.get(documentType);
  }

  /** Loads (once) the validator of a document type and version. */
  async load(documentType: string, version: string): Promise<CompiledSchema> {
    const cached = this.get(documentType, version);
    if (cached) return cached;
    if (!this.has(documentType, version)) throw new Error(`no schema for ${documentType}@${version}`);
    const module = await this.source.load(this.manifest.versions[version]![documentType]!);
    let types = this.loaded.get(version);
    if (!types) {
      types = new Map();
      this.loaded.set(version, types);
    }
    types.set(documentType, module.default);
    return module.default;
  }
}
