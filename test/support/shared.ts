/**
 * One place that knows where the shared reference material lives (official GS1, HL7 and
 * domain files that the project tests against but never copies).
 *
 * Set MEDSUPPLY_SHARED to point elsewhere; the default is `../shared` beside the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the shared reference folder (may not exist). */
export const sharedRoot = resolve(repoRoot, process.env.MEDSUPPLY_SHARED ?? '../shared');

/** Absolute path of a file or folder inside the shared reference material. */
export function sharedPath(...parts: string[]): string {
  return join(sharedRoot, ...parts);
}

/** True when the given shared file or folder exists. */
export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}

/**
 * A `describe` block that runs only when the shared material it needs is present, and says
 * plainly why it was skipped otherwise (instead of failing with ENOENT deep inside a test).
 */
export function describeWithShared(name: string, parts: string[], body: () => void): void {
  if (hasShared(...parts)) {
    describe(name, body);
  } else {
    const where = sharedPath(...parts);
    console.warn(
      `[shared] skipping "${name}": ${where} not found (set MEDSUPPLY_SHARED to the reference folder)`,
    );
    // The body is not run at all: it may read the absent files while collecting its tests.
    describe(name, () => {
      it.skip(`needs ${where} (set MEDSUPPLY_SHARED to the reference folder)`, () => {});
    });
  }
}

/** The repository root, for tests that read the project's own files. */
export const repositoryRoot = repoRoot;
