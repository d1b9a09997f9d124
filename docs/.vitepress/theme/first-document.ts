/**
 * Which document the playground opens with and which compiled schema it needs: pure functions shared by
 * the page (playground-start.ts) and the build, which preloads that sample and schema (preload.ts).
 */

/** The sample the playground opens with when no `#doc=` link is given: the first JSON one by name. */
export function defaultSample(names: readonly string[]): string | undefined {
  return [...names].sort().find((name) => name.endsWith('.json'));
}

/**
 * The compiled module of the first `documentType` and `schemaVersion` the start of the text names, if
 * the manifest has it: a guess for preloading only (the engine decides for each record itself).
 */
export function schemaOf(
  text: string,
  manifest: { versions: Record<string, Record<string, string>> },
): string | undefined {
  const head = text.slice(0, 8192);
  const type =
    /"documentType"\s*:\s*"(\w+)"/.exec(head)?.[1] ?? /^(\w+),/m.exec(head.split('\n')[1] ?? '')?.[1];
  const version = /"schemaVersion"\s*:\s*"([\d.]+)"/.exec(head)?.[1] ?? '1.0.0';
  if (type === undefined) return undefined;
  const types = Object.hasOwn(manifest.versions, version) ? manifest.versions[version]! : {};
  return Object.hasOwn(types, type) ? types[type] : undefined;
}
