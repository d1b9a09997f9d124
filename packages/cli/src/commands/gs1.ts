import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { type Gs1InputSyntax, type Gs1ParseOptions, type Gs1ParseResult, parseGs1 } from '@medsupply/gs1';
import type { Command } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';

const SYNTAXES: Readonly<Record<string, Gs1InputSyntax>> = {
  auto: 'auto',
  data: 'data',
  bracketed: 'bracketed',
  unbracketed: 'unbracketed',
  scan: 'scan',
  'digital-link': 'digitalLink',
};

/** Longest stdin line read in full; the rest of a longer line is skipped, so memory stays bounded. */
const DEFAULT_MAX_LINE = 8191;

interface ParseCommandOptions {
  syntax: string;
  permitUnknownAis?: boolean;
  permitZeroSuppressedGtin?: boolean;
  requisites: boolean;
  dlStem?: string;
  maxLength: string;
}

/** Where `gs1 parse` reads and writes (process streams by default; tests pass their own). */
export interface Gs1ParseIo {
  stdin: Readable;
  stdout: Writable;
}

/** Registers `medsupply gs1 parse`. */
export function registerGs1Command(program: Command): void {
  const gs1 = program.command('gs1').description('GS1 barcode element strings and Digital Link');
  gs1
    .command('parse')
    .description(
      'Read and validate GS1 barcode data: scan data (]d2…), bracketed (01)…, ^-FNC1 data or Digital Link URIs. ' +
        'Prints one JSON object per input; exit 0 when all are valid, 1 when any is invalid.',
    )
    .argument('<inputs...>', 'barcode data, or - to read one input per line from stdin')
    .option('--syntax <syntax>', `how to read inputs: ${Object.keys(SYNTAXES).join(', ')}`, 'auto')
    .option('--permit-unknown-ais', 'accept AIs that the GS1 General Specifications do not define')
    .option('--permit-zero-suppressed-gtin', 'accept GTIN-8/12/13 in Digital Link paths (padded to GTIN-14)')
    .option('--no-requisites', 'do not check requisite AIs (e.g. that a lot comes with a GTIN)')
    .option('--dl-stem <uri>', 'stem of the Digital Link URIs printed (default https://id.gs1.org)')
    .option('--max-length <n>', 'longest input, in characters', String(DEFAULT_MAX_LINE))
    .action(async (inputs: string[], options: ParseCommandOptions) => {
      const failed = await runGs1Parse(inputs, options, { stdin: process.stdin, stdout: process.stdout });
      raiseExitCode(failed > 0 ? ExitCode.invalid : ExitCode.ok);
    });
}

function parseOptions(options: ParseCommandOptions): Gs1ParseOptions & { maxLength: number } {
  const syntax = Object.hasOwn(SYNTAXES, options.syntax) ? SYNTAXES[options.syntax] : undefined;
  if (syntax === undefined) {
    throw new UsageError(
      `--syntax must be one of ${Object.keys(SYNTAXES).join(', ')} (got "${options.syntax}")`,
    );
  }
  const maxLength = Number(options.maxLength);
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 1_000_000) {
    throw new UsageError(
      `--max-length must be a whole number from 1 to 1000000 (got "${options.maxLength}")`,
    );
  }
  return {
    syntax,
    permitUnknownAis: options.permitUnknownAis === true,
    permitZeroSuppressedGtin: options.permitZeroSuppressedGtin === true,
    validateRequisites: options.requisites,
    maxLength,
    ...(options.dlStem === undefined ? {} : { dlStem: options.dlStem }),
  };
}

/** The JSON line printed for one input. */
function toLine(input: string, result: Gs1ParseResult): string {
  const out: Record<string, unknown> = { input, valid: result.valid, syntax: result.syntax };
  if (result.symbologyId !== undefined) out.symbologyId = result.symbologyId;
  out.ais = result.ais;
  if (result.digitalLink !== undefined) out.digitalLink = result.digitalLink;
  out.issues = result.issues;
  return `${JSON.stringify(out)}\n`;
}

async function write(stdout: Writable, text: string): Promise<void> {
  if (!stdout.write(text)) await new Promise<void>((resolve) => stdout.once('drain', resolve));
}

/**
 * Parses every input (`-` = each line of stdin, read as a stream) and prints one JSON object per
 * input. Returns how many inputs were invalid.
 */
export async function runGs1Parse(
  inputs: readonly string[],
  options: ParseCommandOptions,
  io: Gs1ParseIo,
): Promise<number> {
  const parse = parseOptions(options);
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  let failed = 0;
  const handle = async (input: string, result: Gs1ParseResult) => {
    if (!result.valid) failed++;
    await write(io.stdout, toLine(input, result));
  };
  for (const input of inputs) {
    if (input === '-') {
      for await (const line of readLines(io.stdin, parse.maxLength)) {
        // A cut line still holds more than maxLength characters, so it is reported as too long.
        await handle(line.truncated ? `${line.text}…` : line.text, parseGs1(line.text, parse));
      }
    } else {
      await handle(input, parseGs1(input, parse));
    }
  }
  return failed;
}

/** One stdin line; `truncated` when it was longer than the bound (`text` holds its start). */
export interface InputLine {
  text: string;
  truncated: boolean;
}

/**
 * Splits a stream into lines (LF or CRLF) while holding at most `maxLength + 2` characters of a
 * line: a longer line is cut to `maxLength + 1` characters (still too long for the parser), the
 * rest is dropped, and the line is flagged as truncated.
 */
export async function* readLines(stream: Readable, maxLength: number): AsyncGenerator<InputLine> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let truncated = false;
  const finishLine = (text: string): InputLine => {
    const line = { text: !truncated && text.endsWith('\r') ? text.slice(0, -1) : text, truncated };
    truncated = false;
    return line;
  };
  for await (const data of stream as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? data : decoder.write(data);
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, newline < 0 ? chunk.length : newline);
      if (!truncated) {
        buffer += piece;
        // Two spare characters: the CR of a CRLF line, and one to tell "too long" from "just fits".
        if (buffer.length > maxLength + 2) {
          buffer = buffer.slice(0, maxLength + 1);
          truncated = true;
        }
      }
      if (newline < 0) break;
      yield finishLine(buffer);
      buffer = '';
      start = newline + 1;
    }
  }
  if (!truncated) buffer += decoder.end();
  if (buffer.length > 0 || truncated) yield finishLine(buffer);
}
