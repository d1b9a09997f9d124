/**
 * Markdown links that leave the site (schemas, fixtures, sample files, folders without a page) are
 * rewritten to the repository on GitHub; links between pages are made site-absolute so VitePress
 * still checks them (a dead one fails the build). The changelog page includes the root CHANGELOG.md,
 * whose links are relative to the repository root.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type MarkdownIt from 'markdown-it';

/** Where the repository's files are published. */
export const REPOSITORY_URL = 'https://github.com/medsupply/medsupply';

/** Options of {@link repositoryLinks}. */
export interface RepositoryLinkOptions {
  /** The repository root on disk. */
  repoRoot: string;
  /** The docs folder (the site's source root). */
  docsRoot: string;
  /** Folders under docs that are not pages (relative, e.g. `samples`). */
  excluded: string[];
  /** Pages whose links are relative to another folder than their own (docs-relative page → repo-relative folder). */
  linkBase?: Record<string, string>;
}

/** The site path (`/guides/fhir.md`, `/reference/schemas/1.0.0/`) of a page file under docs, else undefined. */
function sitePath(file: string, options: RepositoryLinkOptions): string | undefined {
  const inDocs = relative(options.docsRoot, file);
  if (inDocs.startsWith('..') || inDocs.startsWith(sep) || inDocs === '') return undefined;
  const posix = inDocs.split(sep).join('/');
  if (options.excluded.some((folder) => posix === folder || posix.startsWith(`${folder}/`))) return undefined;
  if (existsSync(file) && statSync(file).isDirectory()) {
    const page = ['index.md', 'README.md'].find((name) => existsSync(join(file, name)));
    return page ? `/${posix}/` : undefined;
  }
  if (!posix.endsWith('.md')) return undefined;
  return `/${posix.replace(/(^|\/)README\.md$/, '$1')}`;
}

/** Rewrites the href of one relative link, or returns it unchanged. */
export function rewriteHref(href: string, pageFile: string, options: RepositoryLinkOptions): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('/')) return href;
  const hashAt = href.indexOf('#');
  const target = hashAt === -1 ? href : href.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : href.slice(hashAt);
  if (target === '') return href;
  const pageInDocs = relative(options.docsRoot, pageFile).split(sep).join('/');
  const base = options.linkBase?.[pageInDocs];
  const from = base === undefined ? dirname(pageFile) : resolve(options.repoRoot, base);
  const file = resolve(from, decodeURIComponent(target));
  const page = sitePath(file, options);
  if (page !== undefined)
    return base === undefined && !target.endsWith('README.md') && !target.endsWith('/') ? href : page + hash;
  const inRepo = relative(options.repoRoot, file).split(sep).join('/');
  if (inRepo.startsWith('..')) return href; // outside the repository: leave it to the dead-link check
  const kind = existsSync(file) && statSync(file).isDirectory() ? 'tree' : 'blob';
  return `${REPOSITORY_URL}/${kind}/main/${inRepo}${hash}`;
}

/** markdown-it plugin applying {@link rewriteHref} to every link of a page. */
export function repositoryLinks(md: MarkdownIt, options: RepositoryLinkOptions): void {
  md.core.ruler.push('medsupply_repository_links', (state) => {
    const pageFile = (state.env as { path?: string }).path;
    if (!pageFile) return;
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        if (href) token.attrSet('href', rewriteHref(href, pageFile, options));
      }
    }
  });
}
