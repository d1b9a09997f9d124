import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// A folder the scan cannot open, even when the tests run as root (who can read any folder).
const unreadable = new Set<string>();
vi.mock('node:fs/promises', async (load) => {
  const real = await load<typeof import('node:fs/promises')>();
  return {
    ...real,
    readdir: (async (path: string, options: unknown) => {
      if (unreadable.has(path))
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
      return real.readdir(path, options as never);
    }) as typeof real.readdir,
  };
});

const { expandInputs } = await import('./inputs.js');

const dir = mkdtempSync(join(tmpdir(), 'medsupply-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandInputs', () => {
  it('reads the rest of a tree when one subfolder cannot be opened, and names that folder', async () => {
    for (const name of ['a', 'b', 'c']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'feed.ndjson'), '{}\n');
    }
    unreadable.add(join(dir, 'b'));
    const found = await expandInputs([dir]);
    expect(found.files.map((f) => f.source)).toEqual([
      join(dir, 'a', 'feed.ndjson'),
      join(dir, 'c', 'feed.ndjson'),
    ]);
    expect(found.errors).toEqual([{ source: join(dir, 'b'), message: 'permission denied' }]);
  });

  it('keeps command line order, and takes a named file whatever its extension', async () => {
    const named = join(dir, 'export.txt');
    writeFileSync(named, '{}');
    const found = await expandInputs([named, '-']);
    expect(found.files.map((f) => f.source)).toEqual([named, '-']);
    expect(found.skipped).toEqual([]);
  });
});
