import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { UCUM_TABLE_VERSION, VALID_SIMPLE_UNITS } from './ucum-table.js';
import { isUcumUnit } from './ucum.js';

const require = createRequire(import.meta.url);
const listed = VALID_SIMPLE_UNITS.split(' ');

describe('the build-time UCUM table', () => {
  it('was computed with the ucum-lhc version installed', () => {
    expect(UCUM_TABLE_VERSION).toBe(require('@lhncbc/ucum-lhc/package.json').version);
  });

  it('lists only units the library itself calls valid, and the usual ones', () => {
    const ucum = require('@lhncbc/ucum-lhc') as {
      UcumLhcUtils: { getInstance(): { validateUnitString(u: string, s: boolean): { status: string } } };
    };
    const utils = ucum.UcumLhcUtils.getInstance();
    const log = console.log;
    console.log = () => {};
    try {
      const rejected = listed.filter((unit) => utils.validateUnitString(unit, false).status !== 'valid');
      expect(rejected).toEqual([]);
    } finally {
      console.log = log;
    }
    expect(new Set(listed).size).toBe(listed.length);
    for (const unit of ['kg', 'g', 'mg', 'ug', 'mL', 'L', '[iU]', "[USP'U]", 'mmol'])
      expect(listed).toContain(unit);
    for (const unit of ['KG', 'doses', '', '1', '{pack}']) expect(listed).not.toContain(unit);
  });

  it('answers listed units without loading the library, and asks it about the rest', () => {
    const formats = new URL('../../dist/formats/ucum.js', import.meta.url).href;
    const probe = (unit: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { createRequire } from 'node:module';
             const { isUcumUnit } = await import(${JSON.stringify(formats)});
             const valid = isUcumUnit(${JSON.stringify(unit)});
             const loaded = Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('ucum-lhc'));
             process.stdout.write(JSON.stringify({ valid, loaded }));`,
          ],
          { encoding: 'utf8' },
        ),
      ) as { valid: boolean; loaded: boolean };
    expect(probe('kg')).toEqual({ valid: true, loaded: false });
    expect(probe('g/(kg.d)')).toEqual({ valid: isUcumUnit('g/(kg.d)'), loaded: true });
    expect(probe('KG')).toEqual({ valid: false, loaded: true });
  });
});
