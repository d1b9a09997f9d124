/**
 * Finds and loads the validators compiled at build time (dist/standalone, see scripts/compile-schemas.mjs).
 * Loading is lazy and per document type, so a feed of one type loads one module.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { SchemaError } from './schema-errors.js';

/** A compiled validation function as Ajv's standalone code exports it. */
export interface CompiledSchema {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

interface Manifest {
  versions: Record<string, Record<string, string>>;
}

// Both src/engine and dist/engine sit two levels below the package root.
const STANDALONE_ROOT = new URL('../../dist/standalone/', import.meta.url);

/** The compiled schemas available: versions, document types, and the module of each. */
export class CompiledSchemas {
  private readonly manifest: Manifest;
  private readonly loaded = new Map<string, CompiledSchema>();

  constructor(root: URL = STANDALONE_ROOT) {
    const manifestUrl = new URL('manifest.json', root);
    if (!existsSync(manifestUrl)) {
      throw new Error(
        `compiled schemas not found at ${manifestUrl.pathname}; run \`pnpm build\` (validators compiles its schemas at build time)`,
      );
    }
    this.manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as Manifest;
    this.root = root;
  }

  private readonly root: URL;

  /** Released schema versions, oldest first. */
  versions(): string[] {
    return Object.keys(this.manifest.versions).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  /** The newest released version. */
  latestVersion(): string {
    return this.versions().at(-1) ?? '';
  }

  /** Document types of a version (empty when the version is unknown). */
  documentTypes(version: string): string[] {
    return Object.keys(this.manifest.versions[version] ?? {});
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
    return this.loaded.get(`${documentType}@${version}`);
  }

  /** Loads (once) the validator of a document type and version. */
  async load(documentType: string, version: string): Promise<CompiledSchema> {
    const key = `${documentType}@${version}`;
    const cached = this.loaded.get(key);
    if (cached) return cached;
    if (!this.has(documentType, version)) throw new Error(`no schema for ${key}`);
    const file = this.manifest.versions[version]![documentType]!;
    const module = (await import(new URL(file, this.root).href)) as { default: CompiledSchema };
    this.loaded.set(key, module.default);
    return module.default;
  }
}
