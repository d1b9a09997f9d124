/**
 * Navigation generated from the docs folder at build time, so guides, reference pages, decision
 * records and releases added on any branch appear without editing the config.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DefaultTheme } from 'vitepress';

/** The page's first `# ` heading, else its file name. */
function titleOf(file: string): string {
  const heading = /^#\s+(.+)$/m.exec(readFileSync(file, 'utf8'));
  return heading?.[1]?.replace(/`/g, '').trim() ?? file.split('/').at(-1)!.replace(/\.md$/, '');
}

/** Sidebar items of the `.md` files in one docs folder, README/index first. */
function pages(docsRoot: string, folder: string): DefaultTheme.SidebarItem[] {
  const dir = join(docsRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort(
      (a, b) =>
        Number(b === 'README.md' || b === 'index.md') - Number(a === 'README.md' || a === 'index.md') ||
        a.localeCompare(b),
    )
    .map((name) => ({
      text: titleOf(join(dir, name)),
      link: `/${folder}/${name === 'README.md' || name === 'index.md' ? '' : name.replace(/\.md$/, '')}`,
    }));
}

/** Released schema versions that have a reference folder, newest first. */
export function referenceVersions(docsRoot: string): string[] {
  const dir = join(docsRoot, 'reference', 'schemas');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
}

/** The whole sidebar: guides, reference (with every release), decisions. */
export function sidebar(docsRoot: string): DefaultTheme.Sidebar {
  const versions = referenceVersions(docsRoot);
  return [
    { text: 'Guides', collapsed: false, items: pages(docsRoot, 'guides') },
    {
      text: 'Reference',
      collapsed: false,
      items: [
        ...pages(docsRoot, 'reference'),
        ...versions.map((version, index) => ({
          text: `Schemas ${version}${index === 0 ? ' (latest)' : ''}`,
          collapsed: index !== 0,
          items: pages(docsRoot, `reference/schemas/${version}`),
        })),
      ],
    },
    { text: 'Decisions', collapsed: true, items: pages(docsRoot, 'decisions') },
    { text: 'Changelog', link: '/changelog' },
    { text: 'Playground', link: '/playground/' },
  ];
}

/** The release switcher: one nav entry per reference folder. */
export function versionNav(docsRoot: string): DefaultTheme.NavItem {
  const versions = referenceVersions(docsRoot);
  return {
    text: `Release ${versions[0] ?? ''}`,
    items: versions.map((version, index) => ({
      text: `${version}${index === 0 ? ' (latest)' : ''}`,
      link: `/reference/schemas/${version}/`,
    })),
  };
}
