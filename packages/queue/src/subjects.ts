/** Stream and subject names: one stream per deployment, one subject per document type and sender. */
import { createHash } from 'node:crypto';
import type { Routing } from './seam.js';

/** Longest token kept readable; longer or altered tokens get a hash suffix so they stay distinct. */
const MAX_TOKEN = 48;

/**
 * One subject token from arbitrary text. NATS subject tokens must not contain `.`, `*`, `>` or
 * white space; we keep `[A-Za-z0-9_-]` and add a short hash whenever anything was changed, so two
 * senders never share a subject by accident and a sender cannot inject wildcards.
 */
export function subjectToken(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_TOKEN);
  if (cleaned === text && cleaned.length > 0) return cleaned;
  return `${cleaned}_${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
}

/** The deployment name as it appears in stream and subject names (letters, digits, `_`, `-`). */
export function deploymentName(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(name))
    throw new Error(
      `deployment name: expected 1-32 letters, digits, "_" or "-", got ${JSON.stringify(name)}`,
    );
  return name;
}

/** `medsupply.<deployment>.documents` — every subject of the deployment's stream starts with it. */
export function subjectPrefix(deployment: string): string {
  return `medsupply.${deploymentName(deployment)}.documents`;
}

/** The stream of a deployment: `MEDSUPPLY_<DEPLOYMENT>`. */
export function streamName(deployment: string): string {
  return `MEDSUPPLY_${deploymentName(deployment).toUpperCase()}`;
}

/** `medsupply.<deployment>.documents.<documentType>.<sender>`. */
export function subjectOf(deployment: string, routing: Routing): string {
  return `${subjectPrefix(deployment)}.${subjectToken(routing.documentType)}.${subjectToken(routing.sender || 'unknown')}`;
}
