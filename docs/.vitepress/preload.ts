/**
 * Preloads for the playground page, so the browser fetches what the first verdict needs beside the
 * theme instead of after the app has started:
 * - `<link rel="modulepreload">` for the chunks of the engine (@medsupply/validators/browser), of the
 *   compiled-schema index (/standalone) and of the component, with every chunk they import;
 * - a small inline script that, when the address has no `#doc=` link, also preloads the sample the
 *   page opens with and the one compiled schema that sample needs (a link's document may need another).
 * A Vite plugin notes the chunk file names when the client bundle is written; `transformHead` adds
 * them to the playground page, `transformHtml` the inline script.
 */
import { readFileSync } from 'node:fs';
import type { HeadConfig, Plugin } from 'vitepress';
import { defaultSample, schemaOf } from './theme/first-document';

const ENTRIES = [
  /[\\/]validators[\\/]dist[\\/]browser\.js$/,
  /[\\/]validators[\\/]dist[\\/]standalone[\\/]browser\.js$/,
  /[\\/]theme[\\/]Playground\.vue$/,
];
const SCHEMA = /[\\/]validators[\\/]dist[\\/]standalone[\\/](\d+\.\d+\.\d+)[\\/](\w+)\.js$/;
const SAMPLE = /[\\/]docs[\\/]samples[\\/](.+)\?raw$/;

let preloaded: string[] = [];
let defaultDocument: string[] = [];

/** Notes the chunks the playground's first verdict needs, in the client build. */
export function playgroundChunks(): Plugin {
  let ssr = false;
  return {
    name: 'medsupply:playground-chunks',
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    generateBundle(_options, bundle) {
      if (ssr) return;
      const chunks = new Map<string, { imports: string[] }>();
      const entries: string[] = [];
      const manifest: { versions: Record<string, Record<string, string>> } = { versions: {} };
      const schemaChunks = new Map<string, string>();
      const samples = new Map<string, { file: string; path: string }>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks.set(output.fileName, output);
        const id = output.facadeModuleId ?? '';
        if (ENTRIES.some((entry) => entry.test(id))) entries.push(output.fileName);
        const schema = SCHEMA.exec(id);
        if (schema) {
          const [, version, type] = schema as unknown as [string, string, string];
          manifest.versions[version] ??= {};
          manifest.versions[version][type] = `${version}/${type}.js`;
          schemaChunks.set(`${version}/${type}.js`, output.fileName);
        }
        const sample = SAMPLE.exec(id);
        if (sample)
          samples.set(sample[1]!.replaceAll('\\', '/'), { file: output.fileName, path: id.slice(0, -4) });
      }
      const wanted = new Set<string>();
      const visit = (file: string) => {
        if (wanted.has(file) || !chunks.has(file)) return;
        wanted.add(file);
        for (const imported of chunks.get(file)!.imports) visit(imported);
      };
      for (const entry of entries) visit(entry);
      preloaded = [...wanted].sort();
      const name = defaultSample([...samples.keys()]);
      const sample = name === undefined ? undefined : samples.get(name);
      const schema = sample && schemaOf(readFileSync(sample.path, 'utf8'), manifest);
      defaultDocument = [sample?.file, schema && schemaChunks.get(schema)].filter(
        (file): file is string => file !== undefined,
      );
    },
  };
}

/** `<link rel="modulepreload">` for the engine's, the schema index's and the component's chunks. */
export function playgroundPreloads(base: string): HeadConfig[] {
  return preloaded.map((file) => ['link', { rel: 'modulepreload', crossorigin: '', href: `${base}${file}` }]);
}

/**
 * The playground page's HTML with the inline script at the top of `<head>`: there it runs as soon as
 * it is parsed, where after the stylesheet it would wait for it.
 */
export function withDefaultDocumentPreload(html: string, base: string): string {
  if (defaultDocument.length === 0) return html;
  const hrefs = JSON.stringify(defaultDocument.map((file) => `${base}${file}`));
  const script = `<script>if(!/[#&]doc=/.test(location.hash))for(const href of ${hrefs}){const link=document.createElement('link');link.rel='modulepreload';link.crossOrigin='';link.href=href;document.head.appendChild(link)}</script>`;
  return html.replace(/<head>/, `<head>${script}`);
}
