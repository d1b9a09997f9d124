/**
 * Business rules are versioned with the schemas: a document is checked by the rules of the release it
 * names, so a 1.0.0 document keeps exactly the verdicts it had when 1.0.0 was published, and a relaxed
 * rule applies only to documents that follow the release that relaxed it.
 */

/** Releases whose rules differ, oldest first. A release not listed uses the newest listed one before it. */
export const RULE_RELEASES = ['1.0.0', '1.1.0'] as const;

/** A release that has its own rule set. */
export type RuleRelease = (typeof RULE_RELEASES)[number];

const SEMVER = /^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/;

/**
 * The rule set for a schema version: the newest rule release not after it. A version that is not a
 * semantic version (or is older than every release) gets the 1.0.0 rules, the strictest.
 */
export function ruleReleaseFor(schemaVersion: unknown): RuleRelease {
  // Every record of a feed names one of a few versions: answer those from a small table.
  if (typeof schemaVersion === 'string') {
    const known = releaseByVersion.get(schemaVersion);
    if (known !== undefined) return known;
  }
  const release = chooseRelease(schemaVersion);
  if (typeof schemaVersion === 'string' && releaseByVersion.size < 64)
    releaseByVersion.set(schemaVersion, release);
  return release;
}

const releaseByVersion = new Map<string, RuleRelease>();

function chooseRelease(schemaVersion: unknown): RuleRelease {
  const parsed = typeof schemaVersion === 'string' ? SEMVER.exec(schemaVersion) : null;
  if (!parsed) return RULE_RELEASES[0];
  let chosen: RuleRelease = RULE_RELEASES[0];
  for (const release of RULE_RELEASES) {
    if (compareVersions(release, schemaVersion as string) <= 0) chosen = release;
  }
  return chosen;
}

/** True when rules of `release` include what was introduced in `since`. */
export function rulesSince(release: RuleRelease, since: RuleRelease): boolean {
  // Releases are listed oldest first, so their order is their position (no parsing per call).
  const a = RULE_RELEASES.indexOf(release);
  const b = RULE_RELEASES.indexOf(since);
  return a >= 0 && b >= 0 ? a >= b : compareVersions(release, since) >= 0;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
