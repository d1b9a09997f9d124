import { UsageError } from '../exit-codes.js';
import type { VouchedEnvelope } from './types.js';

const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * `--sender SYSTEM|VALUE` and `--created-at` as the envelope members an integrator vouches for.
 * The sender is the integrator's own identity (as an EDI interchange header carries it); the creation
 * time defaults to now, when the canonical document is made, as an interchange's preparation time.
 * Both are used only for documents whose source says nothing of them.
 */
export function vouchedEnvelope(
  options: { sender?: string; createdAt?: string },
  now: Date = new Date(),
): VouchedEnvelope {
  const vouched: VouchedEnvelope = {};
  if (options.sender !== undefined) vouched.sender = { identifier: parseSender(options.sender) };
  const createdAt = options.createdAt ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (!DATE_TIME_WITH_OFFSET.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    throw new UsageError(
      `--created-at must be a date-time with offset such as 2025-03-01T09:30:00+01:00 (got ${JSON.stringify(createdAt.slice(0, 60))})`,
    );
  }
  vouched.createdAt = createdAt;
  return vouched;
}

/** `SYSTEM|VALUE`, as FHIR token search writes an identifier: the system an absolute URI. */
export function parseSender(text: string): { system: string; value: string } {
  const bar = text.indexOf('|');
  const system = bar === -1 ? '' : text.slice(0, bar);
  const value = bar === -1 ? '' : text.slice(bar + 1);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(system) || value === '' || /\s/.test(value)) {
    throw new UsageError(
      `--sender must be SYSTEM|VALUE with an absolute URI as system, such as https://www.gs1.org/gln|5412345000013 (got ${JSON.stringify(text.slice(0, 80))})`,
    );
  }
  return { system, value };
}
