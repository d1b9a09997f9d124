/**
 * What the playground's first verdict needs, started as early as the page allows: the engine, the
 * document (a `#doc=` link or the first sample) and the one compiled schema that document names. The
 * theme calls {@link startPlayground} when the app starts on the playground page, before the page is
 * hydrated and the component mounted; the component then awaits the same promises (each is made once).
 */
import { defaultSample, schemaOf } from './first-document';
import { documentFromHash } from './share';

// Every bundled sample, as raw text, loaded when picked.
export const samples = import.meta.glob('../../samples/**/*.{json,ndjson,csv}', {
  query: '?raw',
  import: 'default',
}) as Record<string, () => Promise<string>>;
export const sampleNames = Object.keys(samples).map((path) => path.replace('../../samples/', ''));

/** The document the playground opens with: the link's, else the first JSON sample. */
export interface FirstDocument {
  text: string;
  /** True when it came from a `#doc=` link (its format is detected), false for the sample (JSON). */
  shared: boolean;
}

let engine: ReturnType<typeof createEngine> | undefined;
let first: Promise<FirstDocument> | undefined;

/** True for the playground's path (with or without `index.html`). */
export function isPlaygroundPath(pathname: string): boolean {
  return /\/playground\/?(?:index(?:\.html)?)?$/.test(pathname);
}

/** Starts loading the component, the engine, the first document and its schema. */
export function startPlayground(): void {
  void import('./Playground.vue');
  void firstDocument();
  void loadEngine();
}

/** The document to open with (made once per page load). */
export function firstDocument(): Promise<FirstDocument> {
  first ??= (async () => {
    const shared = documentFromHash(location.hash);
    if (shared !== undefined) return { text: shared, shared: true };
    const name = defaultSample(sampleNames);
    return { text: name ? await samples[`../../samples/${name}`]!() : '', shared: false };
  })();
  return first;
}

/**
 * The first document, for the component that opens it; a later mount (after navigating away and
 * back) reads the address again.
 */
export function takeFirstDocument(): Promise<FirstDocument> {
  const taken = firstDocument();
  first = undefined;
  return taken;
}

/** The browser engine with the bundled compiled schemas (made once). */
export function loadEngine(): ReturnType<typeof createEngine> {
  engine ??= createEngine();
  return engine;
}

async function createEngine() {
  const [{ createValidator, readRecords, validateRecords }, { schemaSource }] = await Promise.all([
    import('@medsupply/validators/browser'),
    import('@medsupply/validators/standalone').then(async (standalone) => {
      // The first document's schema loads beside the engine instead of after it.
      const guess = schemaOf((await firstDocument()).text, standalone.schemaSource.manifest);
      if (guess) void standalone.schemaSource.load(guess).catch(() => undefined);
      return standalone;
    }),
  ]);
  const validator = await createValidator({ source: schemaSource, preload: false });
  return { validator, readRecords, validateRecords };
}
