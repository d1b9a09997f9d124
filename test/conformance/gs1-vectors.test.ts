/**
 * Agreement with the GS1 Barcode Syntax Engine (GS1's reference implementation, in C) on its own
 * unit-test inputs: `ref_full_ok` is the engine's verdict (OK, FAIL, or OK_PLAIN = accepted as
 * plain non-GS1 data), `ref_ais` the AIs it extracted.
 *
 * Two readings of each vector:
 * - directed: the input is read the way the engine was fed it (`input_kind`), with its options;
 * - auto: the input is read as `medsupply gs1 parse` reads it, with default options.
 * Every disagreement is listed below with its reason; a new one fails the test.
 */
import { readFileSync } from 'node:fs';
import {
  type Gs1ParseOptions,
  type Gs1ParseResult,
  lintValue,
  parseGs1,
  uriEscape,
  uriUnescape,
} from '@medsupply/gs1';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../support/shared.js';

interface Vector {
  id: number;
  category: string;
  input_kind: string;
  input: string;
  opts: string;
  expect_ok: boolean;
  expect_output: string;
  ref_full_ok: string;
  ref_ais: string;
  ref_ai_bracketed: string;
  ref_dl_uri: string;
}

/**
 * The engine's `ref_ais` is derived from its bracketed output; when the linear part of a composite
 * data string is plain data, that output starts with `|` (`|(99)COMPOSITE(98)XYZ`) and the
 * derivation lost every AI. The engine did extract them: we compare with its bracketed output.
 */
const COMPOSITE_WITH_PLAIN_LINEAR =
  'ref_ais is empty but the engine extracted the composite AIs (ref_ai_bracketed "|(99)…")';

/** Directed reading: disagreements with `ref_ais` that we keep. */
const DIRECTED_ALLOWED: Readonly<Record<number, string>> = {
  519: COMPOSITE_WITH_PLAIN_LINEAR,
  521: COMPOSITE_WITH_PLAIN_LINEAR,
  523: COMPOSITE_WITH_PLAIN_LINEAR,
  525: COMPOSITE_WITH_PLAIN_LINEAR,
  527: COMPOSITE_WITH_PLAIN_LINEAR,
  529: COMPOSITE_WITH_PLAIN_LINEAR,
  535: COMPOSITE_WITH_PLAIN_LINEAR,
};

const AMBIGUOUS_KIND =
  'without a hint the input is a data string: text without "(", "^", "]" or a URI scheme is plain data, as setDataStr reads it';
const NEEDS_ZERO_SUPPRESSED =
  'the engine ran with permitZeroSuppressedGTINinDLuris; off by default (gs1 parse --permit-zero-suppressed-gtin)';
const NEEDS_UNKNOWN_AIS =
  'the engine ran with permitUnknownAIs; off by default (gs1 parse --permit-unknown-ais)';

/** Auto reading (the CLI's default): disagreements that we keep. */
const AUTO_ALLOWED: Readonly<Record<number, string>> = {
  ...DIRECTED_ALLOWED,
  17: AMBIGUOUS_KIND, // "1(12345" fed as bracketed
  541: AMBIGUOUS_KIND, // "ABC" fed as scan data
  717: AMBIGUOUS_KIND, // "0109506000134352…" fed as scan data
  327: NEEDS_ZERO_SUPPRESSED,
  329: NEEDS_ZERO_SUPPRESSED,
  331: NEEDS_ZERO_SUPPRESSED,
  369: NEEDS_ZERO_SUPPRESSED,
  725: NEEDS_ZERO_SUPPRESSED,
  397: NEEDS_UNKNOWN_AIS,
  453: NEEDS_UNKNOWN_AIS,
  641: NEEDS_UNKNOWN_AIS,
  643: NEEDS_UNKNOWN_AIS,
};

function optionsOf(opts: string): Gs1ParseOptions {
  const out: Gs1ParseOptions = {};
  for (const pair of opts.split(';').filter(Boolean)) {
    const [key, value] = pair.split('=');
    if (key === 'permitUnknownAIs') out.permitUnknownAis = value === '1';
    if (key === 'permitZeroSuppressedGTINinDLuris') out.permitZeroSuppressedGtin = value === '1';
    if (key === 'validate_UNKNOWN_AI_NOT_DL_ATTR') out.unknownAisAsDlAttributes = value === '0';
    if (key === 'validate_REQUISITE_AIS') out.validateRequisites = value !== '0';
    if (key === 'stem') out.dlStem = value;
  }
  return out;
}

/** How the engine was fed each input kind. */
function syntaxOf(kind: string): Gs1ParseOptions['syntax'] {
  if (kind === 'bracketed') return 'bracketed';
  if (kind === 'scan_data') return 'scan';
  return 'data'; // datastr, unbracketed_caret and dl_uri went through setDataStr
}

const aisText = (r: Gs1ParseResult) => r.ais.map((a) => `${a.ai}=${a.value}`).join(';');

/** AIs of the engine's bracketed output, `|` (composite separator) skipped and `\(` unescaped. */
function aisOfBracketed(text: string): string {
  const out: string[] = [];
  const re = /\((\d{2,4})\)((?:\\\(|[^(|])*)/g;
  for (const m of text.matchAll(re)) out.push(`${m[1]}=${(m[2] ?? '').replaceAll('\\(', '(')}`);
  return out.join(';');
}

interface Tally {
  total: number;
  verdict: number;
  /** Verdict and AIs equal to `ref_ais`. */
  raw: number;
  /** Verdict and AIs equal to what the engine extracted (its bracketed output where `ref_ais` lost it). */
  engine: number;
  disagreements: Map<number, string>;
}

function tally(vectors: readonly Vector[], read: (v: Vector) => Gs1ParseResult): Tally {
  const t: Tally = { total: 0, verdict: 0, raw: 0, engine: 0, disagreements: new Map() };
  for (const v of vectors) {
    const r = read(v);
    t.total++;
    const verdictOk =
      (v.ref_full_ok === 'FAIL' ? !r.valid : r.valid) &&
      (v.ref_full_ok !== 'OK_PLAIN' || r.syntax === 'plain');
    const engineAis = DIRECTED_ALLOWED[v.id] === undefined ? v.ref_ais : aisOfBracketed(v.ref_ai_bracketed);
    if (verdictOk) t.verdict++;
    if (verdictOk && (v.ref_full_ok === 'FAIL' || aisText(r) === engineAis)) t.engine++;
    if (verdictOk && (v.ref_full_ok === 'FAIL' || aisText(r) === v.ref_ais)) t.raw++;
    else
      t.disagreements.set(v.id, `${v.ref_full_ok} ${v.ref_ais} | got ${r.valid} ${r.syntax} ${aisText(r)}`);
  }
  return t;
}

const percent = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;

function summary(label: string, t: Tally): string {
  const f = (n: number) => `${n}/${t.total} (${percent(n, t.total)})`;
  return `[gs1-vectors] ${label}: verdict ${f(t.verdict)}, verdict+AIs vs ref_ais ${f(t.raw)}, vs engine output ${f(t.engine)}`;
}

describeWithShared('GS1 Syntax Engine vectors', ['corpus', 'gs1', 'gs1-vectors.json'], () => {
  const all = JSON.parse(readFileSync(sharedPath('corpus', 'gs1', 'gs1-vectors.json'), 'utf8')) as Vector[];
  const judged = all.filter((v) => ['OK', 'FAIL', 'OK_PLAIN'].includes(v.ref_full_ok));

  it('agrees with the engine on every verdict and on the AIs when read as the engine was fed', () => {
    const t = tally(judged, (v) =>
      parseGs1(v.input, { ...optionsOf(v.opts), syntax: syntaxOf(v.input_kind) }),
    );
    console.log(summary('directed', t));
    expect([...t.disagreements.keys()].sort()).toEqual(Object.keys(DIRECTED_ALLOWED).map(Number).sort());
    expect(t.verdict / t.total).toBeGreaterThanOrEqual(0.99);
    expect(t.engine / t.total).toBeGreaterThanOrEqual(0.99);
  });

  it('extracts the AIs that the engine put in its bracketed output where ref_ais lost them', () => {
    for (const id of Object.keys(DIRECTED_ALLOWED).map(Number)) {
      const v = judged.find((x) => x.id === id)!;
      expect(v.ref_ais).toBe('');
      expect(v.ref_ai_bracketed.startsWith('|(')).toBe(true);
      const r = parseGs1(v.input, { ...optionsOf(v.opts), syntax: syntaxOf(v.input_kind) });
      expect(aisText(r)).toBe(aisOfBracketed(v.ref_ai_bracketed));
    }
  });

  it('reads inputs as `gs1 parse` does (no hints, default options) with only the listed disagreements', () => {
    const t = tally(judged, (v) => parseGs1(v.input));
    console.log(summary('auto', t));
    const unexpected = [...t.disagreements].filter(([id]) => AUTO_ALLOWED[id] === undefined);
    expect(unexpected).toEqual([]);
    expect(t.verdict / t.total).toBeGreaterThanOrEqual(0.95);
  });

  it('builds the Digital Link URI the engine builds', () => {
    let compared = 0;
    for (const v of judged) {
      if (v.ref_full_ok !== 'OK' || DIRECTED_ALLOWED[v.id] !== undefined) continue;
      const r = parseGs1(v.input, {
        ...optionsOf(v.opts),
        syntax: syntaxOf(v.input_kind),
        dlStem: 'https://id.gs1.org',
      });
      compared++;
      if (v.ref_dl_uri.startsWith('http')) expect(r.digitalLink, `vector ${v.id}`).toBe(v.ref_dl_uri);
      else expect(r.digitalLink, `vector ${v.id}`).toBeUndefined();
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('generates Digital Link URIs on a custom stem as the engine does', () => {
    const generate = all.filter((v) => v.category === 'dl_generate');
    expect(generate.length).toBeGreaterThan(5);
    for (const v of generate) {
      const r = parseGs1(v.input, { ...optionsOf(v.opts), syntax: 'bracketed' });
      expect(r.valid).toBe(true);
      expect(r.digitalLink ?? '', `vector ${v.id}`).toBe(v.expect_ok ? v.expect_output : '');
    }
  });

  it('escapes and unescapes Digital Link values as the engine does', () => {
    const cases = all.filter((v) => v.category === 'dl_uri_unescape' || v.category === 'dl_uri_escape');
    expect(cases.length).toBeGreaterThan(10);
    for (const v of cases) {
      const [path, query] = v.expect_output.split(' | ').map((part) => part.slice(part.indexOf('=') + 1));
      const out =
        v.category === 'dl_uri_escape'
          ? [uriEscape(v.input, false), uriEscape(v.input, true)]
          : [uriUnescape(v.input, 0, v.input.length, false), uriUnescape(v.input, 0, v.input.length, true)];
      expect(out, `vector ${v.id}`).toEqual([path, query]);
    }
  });

  it('checks GTIN check digits as the engine does', () => {
    const cases = all.filter((v) => v.category === 'check_digit');
    expect(cases.length).toBeGreaterThan(0);
    for (const v of cases)
      expect(lintValue('csum', v.input) === undefined, `vector ${v.id}`).toBe(v.expect_ok);
  });
});

/**
 * Component rules ("linters") against the engine's own linter tests. The two GCP cases use a
 * GS1 Company Prefix register that the reference tests plug in; without a register only the
 * shape of the prefix can be checked (digits where the shortest prefix goes).
 */
const LINTER_ALLOWED: Readonly<Record<string, string>> = {
  2355: 'needs a GS1 Company Prefix register (the reference tests plug in a test-only lookup)',
  2357: 'needs a GS1 Company Prefix register (the reference tests plug in a test-only lookup)',
};

describeWithShared('GS1 Syntax Engine linter vectors', ['corpus', 'gs1', 'gs1-linter-vectors.tsv'], () => {
  // The TSV writes GS as <GS> and TAB as a backslash and "t".
  const decodeTsv = (text: string) => text.replaceAll('<GS>', '\u001d').replaceAll('\\t', '\t');
  const rows = readFileSync(sharedPath('corpus', 'gs1', 'gs1-linter-vectors.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t').map(decodeTsv));

  it('breaks the same rule as the reference for every component', () => {
    const disagreements: string[] = [];
    for (const [id, linter, input, , expected] of rows) {
      const want = expected!.split(' ')[0]!.replace('GS1_LINTER_', '');
      const failure = lintValue(linter as Parameters<typeof lintValue>[0], input!);
      const got = failure === undefined ? 'OK' : failure.rule;
      if (got !== want && LINTER_ALLOWED[id!] === undefined)
        disagreements.push(`${id} ${linter} ${input}: ${want} got ${got}`);
    }
    console.log(
      `[gs1-linter-vectors] ${rows.length - disagreements.length - Object.keys(LINTER_ALLOWED).length} of ${rows.length} agree; ${Object.keys(LINTER_ALLOWED).length} allowed`,
    );
    expect(disagreements).toEqual([]);
    expect(rows.length).toBeGreaterThan(1000);
  });

  it('marks the same characters as the reference', () => {
    let compared = 0;
    for (const [, linter, input, , expected] of rows) {
      const markup = /markup=(.*)$/s.exec(expected!)?.[1];
      const value = input!;
      const failure = lintValue(linter as Parameters<typeof lintValue>[0], value);
      if (markup === undefined || failure === undefined) continue;
      const ours = `${value.slice(0, failure.offset)}*${value.slice(failure.offset, failure.offset + failure.length)}*${value.slice(failure.offset + failure.length)}`;
      expect(ours, `${linter} ${input}`).toBe(markup);
      compared++;
    }
    expect(compared).toBeGreaterThan(400);
  });
});
