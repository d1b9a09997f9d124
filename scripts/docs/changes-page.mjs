/**
 * "What changed" pages of the standard: for each release after the first, every change from the release
 * before it, as `medsupply schema diff <previous> <release>` classifies it (rule, where, and whether it
 * breaks producers or consumers). Generated, so the page can never disagree with the diff.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Page text by release, for every release that has a predecessor. */
export async function changesPages(root, versions, banner) {
  const entry = join(root, 'packages', 'schema-diff', 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} missing: run \`pnpm build\` first`);
  const { diffReleases, loadRelease } = await import(pathToFileURL(entry).href);
  const schemas = join(root, 'schemas');
  const pages = new Map();
  for (let i = 1; i < versions.length; i++) {
    const [previous, version] = [versions[i - 1], versions[i]];
    const result = diffReleases(loadRelease(previous, schemas), loadRelease(version, schemas));
    pages.set(version, changesPage(previous, version, result, banner));
  }
  return pages;
}

function changesPage(previous, version, result, banner) {
  const yesNo = (value) => (value ? 'yes' : '**no**');
  const lines = [
    banner,
    '',
    `# What changed in ${version}`,
    '',
    `Every change from ${previous} to ${version}, generated with \`medsupply schema diff ${previous} ${version}\`.`,
    '**Backward compatible** means every document valid under the old release stays valid under the new one (no',
    'producer breaks); **forward compatible** means every document valid under the new release is valid under the',
    'old one (consumers still on the old release do not break). Rules: [schema diff rules](../../schema-diff.md).',
    '',
    `- Backward compatible: ${yesNo(result.compatibility.backward)}`,
    `- Forward compatible: ${yesNo(result.compatibility.forward)}`,
    `- Changes: ${result.changes.length}`,
    '',
  ];
  const byDocument = new Map();
  for (const change of result.changes) {
    const key = change.document ?? '(all)';
    if (!byDocument.has(key)) byDocument.set(key, []);
    byDocument.get(key).push(change);
  }
  for (const [document, changes] of [...byDocument].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `## ${document}`,
      '',
      '| rule | where (new) | backward | forward | what |',
      '|---|---|---|---|---|',
    );
    for (const change of changes) {
      const where = change.newPath || change.oldPath || '/';
      lines.push(
        `| \`${change.rule}\` | \`${where}\` | ${yesNo(change.backward)} | ${yesNo(change.forward)} | ${cell(change.message)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function cell(text) {
  return String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}
