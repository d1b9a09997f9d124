/**
 * Cross-checks our AI table, AI by AI, against the GS1 Barcode Syntax Dictionary (the machine-
 * readable form of the GS1 General Specifications' AI definitions): format and length of every
 * component, character set, rules, FNC1 need, Digital Link flags, `req`, `ex` and `dlpkey`.
 */
import { readFileSync } from 'node:fs';
import { type AiEntry, aiTable, lookupAi } from '@medsupply/gs1';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../support/shared.js';

interface DictionaryEntry {
  ai: string;
  title: string;
  fixedLength: boolean;
  dlDataAttribute: boolean;
  components: {
    charset: string;
    minLength: number;
    maxLength: number;
    optional: boolean;
    linters: string[];
  }[];
  requires: string[][][];
  excludes: string[];
  dlPrimaryKey: boolean;
  dlQualifiers: string[][];
}

/** Reads the dictionary (format described in its header) into one entry per AI, ranges expanded. */
function readDictionary(text: string): DictionaryEntry[] {
  const out: DictionaryEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const hash = line.indexOf('#');
    const title = hash < 0 ? '' : line.slice(hash + 1).trim();
    const tokens = (hash < 0 ? line : line.slice(0, hash)).trim().split(/\s+/);
    const range = tokens.shift()!;
    const flags = /^[*!?"$%&'()+,\-./:;<=>@[\\\]^_`{|}~]+$/.test(tokens[0] ?? '') ? tokens.shift()! : '';
    const components: DictionaryEntry['components'] = [];
    const requires: string[][][] = [];
    const excludes: string[] = [];
    let dlPrimaryKey = false;
    let dlQualifiers: string[][] = [];
    for (const token of tokens) {
      const c = /^(\[)?([NXYZ])(\.\.)?(\d+)\]?((?:,\w+)*)$/.exec(token);
      if (c) {
        const max = Number(c[4]);
        components.push({
          charset: c[2]!,
          minLength: c[3] ? 1 : max,
          maxLength: max,
          optional: c[1] === '[',
          linters: c[5]!.split(',').filter(Boolean),
        });
      } else if (token.startsWith('req=')) {
        requires.push(
          token
            .slice(4)
            .split(',')
            .map((alt) => alt.split('+')),
        );
      } else if (token.startsWith('ex=')) {
        excludes.push(...token.slice(3).split(','));
      } else if (token === 'dlpkey') {
        dlPrimaryKey = true;
      } else if (token.startsWith('dlpkey=')) {
        dlPrimaryKey = true;
        dlQualifiers = token
          .slice(7)
          .split('|')
          .map((seq) => seq.split(','));
      } else {
        throw new Error(`unknown dictionary token ${token} in: ${line}`);
      }
    }
    const [first, last = first] = range.split('-') as [string, string?];
    for (let v = Number(first); v <= Number(last); v++) {
      out.push({
        ai: String(v).padStart(first.length, '0'),
        title,
        fixedLength: flags.includes('*'),
        dlDataAttribute: flags.includes('?'),
        components,
        requires,
        excludes,
        dlPrimaryKey,
        dlQualifiers,
      });
    }
  }
  return out;
}

function ours(entry: AiEntry): DictionaryEntry {
  return {
    ai: entry.ai,
    title: entry.title,
    fixedLength: entry.fixedLength,
    dlDataAttribute: entry.dlDataAttribute,
    components: entry.components.map((c) => ({ ...c, linters: [...c.linters] })),
    requires: entry.requires.map((r) => r.map((g) => [...g])),
    excludes: [...entry.excludes],
    dlPrimaryKey: entry.dlPrimaryKey,
    dlQualifiers: entry.dlQualifiers.map((q) => [...q]),
  };
}

describeWithShared(
  'AI table vs GS1 Barcode Syntax Dictionary',
  ['corpus', 'gs1', 'gs1-syntax-dictionary.txt'],
  () => {
    const dictionary = readDictionary(
      readFileSync(sharedPath('corpus', 'gs1', 'gs1-syntax-dictionary.txt'), 'utf8'),
    );

    it('reads the dictionary', () => {
      expect(dictionary.length).toBeGreaterThan(450);
      expect(dictionary.find((e) => e.ai === '01')?.dlQualifiers).toEqual([['22', '10', '21'], ['235']]);
    });

    it('has exactly the AIs of the dictionary, in lexical order', () => {
      expect(aiTable.map((e) => e.ai)).toEqual(dictionary.map((e) => e.ai));
    });

    it('agrees with the dictionary on every AI', () => {
      const differences: string[] = [];
      for (const expected of dictionary) {
        const entry = lookupAi(expected.ai);
        if (entry === undefined) differences.push(`(${expected.ai}) missing`);
        else if (JSON.stringify(ours(entry)) !== JSON.stringify(expected)) {
          differences.push(
            `(${expected.ai}) ours ${JSON.stringify(ours(entry))} dictionary ${JSON.stringify(expected)}`,
          );
        }
      }
      expect(differences).toEqual([]);
    });

    it('derives lengths from the components', () => {
      expect(lookupAi('8003')).toMatchObject({ minLength: 14, maxLength: 30 });
      expect(lookupAi('01')).toMatchObject({ minLength: 14, maxLength: 14, fixedLength: true });
      expect(lookupAi('423')).toMatchObject({ minLength: 3, maxLength: 15 });
    });
  },
);
