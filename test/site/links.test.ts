import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_URL, rewriteHref } from '../../docs/.vitepress/links.js';
import { referenceVersions, sidebar } from '../../docs/.vitepress/sidebar.js';
import { repositoryRoot } from '../support/shared.js';

const docsRoot = join(repositoryRoot, 'docs');
const options = {
  repoRoot: repositoryRoot,
  docsRoot,
  excluded: ['samples'],
  linkBase: { 'changelog.md': '.' },
};
const page = (path: string) => join(docsRoot, path);

describe('links of the documentation site', () => {
  it('leaves links between pages for the dead-link check', () => {
    expect(
      rewriteHref('../decisions/0005-fhir-capacity-and-shortage.md', page('guides/fhir.md'), options),
    ).toBe('../decisions/0005-fhir-capacity-and-shortage.md');
    expect(rewriteHref('product.md#productref', page('reference/schemas/1.0.0/shipment.md'), options)).toBe(
      'product.md#productref',
    );
  });

  it('sends files outside the site to the repository', () => {
    expect(rewriteHref('../../schemas/fixtures/1.0.0', page('reference/issue-codes.md'), options)).toBe(
      `${REPOSITORY_URL}/tree/main/schemas/fixtures/1.0.0`,
    );
    expect(rewriteHref('samples/README.md', page('README.md'), options)).toBe(
      `${REPOSITORY_URL}/blob/main/docs/samples/README.md`,
    );
    expect(rewriteHref('decisions/', page('README.md'), options)).toBe(
      `${REPOSITORY_URL}/tree/main/docs/decisions`,
    );
  });

  it('turns README links into folder pages', () => {
    expect(rewriteHref('reference/schemas/1.0.0/README.md', page('README.md'), options)).toBe(
      '/reference/schemas/1.0.0/',
    );
  });

  it('reads the changelog links from the repository root, where CHANGELOG.md lives', () => {
    expect(rewriteHref('docs/decisions/0001-canonical-model-1.0.0.md', page('changelog.md'), options)).toBe(
      '/decisions/0001-canonical-model-1.0.0.md',
    );
  });

  it('leaves external links, anchors and links that escape the repository alone', () => {
    for (const href of ['https://www.gs1.org/', '#limits', 'mailto:a@example.org', '/guides/fhir.md'])
      expect(rewriteHref(href, page('guides/fhir.md'), options)).toBe(href);
    expect(rewriteHref('../../../elsewhere.md', page('guides/fhir.md'), options)).toBe(
      '../../../elsewhere.md',
    );
  });

  it('builds the sidebar and the release menu from the folders', () => {
    expect(referenceVersions(docsRoot)).toContain('1.0.0');
    const groups = sidebar(docsRoot) as { text: string; items?: { link?: string }[] }[];
    const guides = groups.find((group) => group.text === 'Guides')?.items?.map((item) => item.link);
    expect(guides).toContain('/guides/csv-templates');
    const decisions = groups.find((group) => group.text === 'Decisions')?.items ?? [];
    expect(decisions.length).toBeGreaterThanOrEqual(6);
  });
});
