/**
 * Reader of scan data: what a barcode scanner sends, a symbology identifier (ISO/IEC 15424,
 * GenSpecs §5.1.2 Figure 5.1.2-2) then the message, where GS (ASCII 29) stands for FNC1.
 */
import { hasValidGs1CheckDigit } from '@medsupply/validators';
import type { ParseContext } from './context.js';
import { dlSchemeLength, readDigitalLink } from './digital-link.js';
import { readUnbracketed } from './element-string.js';

/** What a symbology identifier says about the message that follows. */
type SymbologyMode = 'ai' | 'plain' | 'ean13' | 'ean8';

/** Symbology identifiers of GS1 barcodes and of the non-GS1 modes of the same symbologies. */
const SYMBOLOGIES = new Map<string, SymbologyMode>(
  Object.entries({
    C1: 'ai', // GS1-128
    e0: 'ai', // GS1 DataBar, and GS1-128 with a composite component
    d2: 'ai', // GS1 DataMatrix
    Q3: 'ai', // GS1 QR Code
    J1: 'ai', // GS1 DotCode
    d1: 'plain', // Data Matrix, not GS1
    Q1: 'plain', // QR Code, not GS1
    J0: 'plain', // DotCode, not GS1
    E0: 'ean13', // EAN-13, UPC-A, UPC-E (13 digits)
    E4: 'ean8', // EAN-8
  } as const),
);

/** A composite component after an EAN/UPC primary message starts a new message. */
const COMPOSITE_START = '|]e0';

/** How scan data was read. */
export interface ScanRead {
  readonly symbologyId?: string;
  /** True when the message holds AI data or a Digital Link URI (not plain data). */
  readonly gs1: boolean;
  /** True when the message is a Digital Link URI. */
  readonly digitalLink?: boolean;
}

/** Reads scan data `s` into the context. */
export function readScanData(ctx: ParseContext, s: string): ScanRead {
  if (s.charCodeAt(0) !== 93 /* ] */ || s.length < 3) {
    ctx.report('GS1_SYMBOLOGY_ID_MISSING', 'scan data must start with a symbology identifier such as ]d2', {
      position: 0,
    });
    return { gs1: false };
  }
  const id = s.slice(1, 3);
  const mode = SYMBOLOGIES.get(id);
  const symbologyId = `]${id}`;
  if (mode === undefined) {
    ctx.report(
      'GS1_SYMBOLOGY_ID_UNSUPPORTED',
      `symbology identifier ${JSON.stringify(symbologyId)} is no GS1 barcode`,
      {
        position: 0,
      },
    );
    return { gs1: false };
  }
  let dataStart = 3;
  if (mode === 'ean13' || mode === 'ean8') {
    const composite = readPrimaryMessage(ctx, s, mode === 'ean13' ? 13 : 8);
    if (composite < 0) return { symbologyId, gs1: false };
    dataStart = composite;
  }
  if (mode === 'plain') {
    if (dlSchemeLength(s, 3) === 0) return { symbologyId, gs1: false };
    readDigitalLink(ctx, s, 3, s.length);
    return { symbologyId, gs1: true, digitalLink: true };
  }
  const caret = s.indexOf('^', dataStart);
  if (caret >= 0) {
    ctx.report('GS1_SYNTAX', 'scan data must not contain "^"; FNC1 is GS (ASCII 29)', { position: caret });
    return { symbologyId, gs1: true };
  }
  readUnbracketed(ctx, s, dataStart, s.length, { caret: false, gs: true });
  return { symbologyId, gs1: true };
}

/**
 * Checks an EAN/UPC primary message of `length` digits after the identifier. Returns where the
 * AI data of a following composite component starts, or -1 when there is none (or on error).
 */
function readPrimaryMessage(ctx: ParseContext, s: string, length: number): number {
  const end = 3 + length;
  if (s.length < end) {
    ctx.report('GS1_PRIMARY_MESSAGE_INVALID', `the EAN/UPC message must have ${length} digits`, {
      position: 3,
    });
    return -1;
  }
  let composite = -1;
  if (s.length > end) {
    if (!s.startsWith(COMPOSITE_START, end)) {
      ctx.report('GS1_PRIMARY_MESSAGE_INVALID', `the EAN/UPC message is longer than ${length} digits`, {
        position: end,
      });
      return -1;
    }
    composite = end + COMPOSITE_START.length;
  }
  for (let i = 3; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      ctx.report('GS1_PRIMARY_MESSAGE_INVALID', 'the EAN/UPC message may only contain digits', {
        position: i,
      });
      return -1;
    }
  }
  if (!hasValidGs1CheckDigit(s.slice(3, end))) {
    ctx.report('GS1_PRIMARY_MESSAGE_INVALID', 'the EAN/UPC check digit is incorrect', { position: end - 1 });
    return -1;
  }
  return composite;
}
