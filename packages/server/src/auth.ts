/**
 * Bearer tokens with scopes, read from a token file:
 * `{"tokens":[{"name":"ministry-lmis","token":"…","scopes":["submit","read"]}]}` (or `"sha256"` of the
 * token instead of `"token"`, so the file need not hold secrets). `admin` implies every scope.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What a token may do. */
export type Scope = 'submit' | 'read' | 'subscribe' | 'admin';

/** Every scope. */
export const SCOPES: readonly Scope[] = ['submit', 'read', 'subscribe', 'admin'];

/** A known token. */
export interface TokenEntry {
  name: string;
  /** SHA-256 (hex) of the token. */
  sha256: string;
  scopes: Scope[];
}

/** Parses a token file's text; throws a message naming the bad entry. */
export function parseTokenFile(text: string, source = 'token file'): TokenEntry[] {
  const data = JSON.parse(text) as { tokens?: unknown };
  if (!data || !Array.isArray(data.tokens)) throw new Error(`${source}: expected {"tokens": [...]}`);
  return data.tokens.map((entry, i) => {
    const where = `${source}: /tokens/${i}`;
    const { name, token, sha256, scopes } = (entry ?? {}) as Record<string, unknown>;
    if (!Array.isArray(scopes) || scopes.some((s) => !SCOPES.includes(s as Scope)))
      throw new Error(`${where}/scopes: expected a list of ${SCOPES.join(', ')}`);
    let hash: string;
    if (typeof token === 'string' && token.length >= 16) hash = sha256Hex(token);
    else if (typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256)) hash = sha256;
    else throw new Error(`${where}: needs "token" (16 characters or more) or "sha256" (64 hex digits)`);
    return { name: typeof name === 'string' ? name : `token ${i}`, sha256: hash, scopes: scopes as Scope[] };
  });
}

/** Reads a token file. */
export function readTokenFile(path: string): TokenEntry[] {
  return parseTokenFile(readFileSync(path, 'utf8'), path);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Finds the entry of a presented token (constant time per comparison). */
export function findToken(tokens: readonly TokenEntry[], presented: string): TokenEntry | undefined {
  const hash = Buffer.from(sha256Hex(presented), 'hex');
  return tokens.find((t) => timingSafeEqual(Buffer.from(t.sha256, 'hex'), hash));
}

/** True when the token's scopes allow one of `needed`. */
export function allows(entry: TokenEntry, needed: readonly Scope[]): boolean {
  return entry.scopes.includes('admin') || needed.some((scope) => entry.scopes.includes(scope));
}
