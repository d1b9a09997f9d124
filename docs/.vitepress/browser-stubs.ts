/**
 * A Vite plugin for the site's bundle: the validators' main entry (which @medsupply/gs1 imports for
 * `issue`, `joinPointer` and the GS1 check digit) re-exports its worker-thread pool, which imports
 * `node:os` and `node:worker_threads`. A page never validates in worker threads, so the pool module
 * is replaced by one whose functions say so; everything else of the entry is the real code.
 */
import { sep } from 'node:path';
import type { Plugin } from 'vitepress';

const STUB = '\0medsupply:worker-pool-stub';
const POOL = `${sep}validators${sep}dist${sep}parallel${sep}index.js`;

const STUB_SOURCE = `
const unavailable = () => { throw new Error('validation in worker threads is not available in a browser'); };
export const defaultWorkerCount = () => 1;
export const validateInWorkers = unavailable;
export const validateBatchesInWorkers = unavailable;
`;

/** Replaces validators/dist/parallel/index.js with a stub in the site's bundles. */
export function workerPoolStub(): Plugin {
  return {
    name: 'medsupply:worker-pool-stub',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || !source.includes('parallel')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id.endsWith(POOL) ? STUB : null;
    },
    load(id) {
      return id === STUB ? STUB_SOURCE : null;
    },
  };
}
