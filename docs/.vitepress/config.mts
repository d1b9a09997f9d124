/**
 * The documentation site (`pnpm docs:build` → dist/site, `pnpm docs:dev`). Navigation is generated
 * from the folders (see sidebar.ts); links leaving the site go to the repository (see links.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';
import { workerPoolStub } from './browser-stubs';
import { repositoryLinks } from './links';
import { playgroundChunks, playgroundPreloads, withDefaultDocumentPreload } from './preload';
import { sidebar, versionNav } from './sidebar';

const docsRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  title: 'medsupply',
  description: 'An open standard and toolkit for medical supply-chain data',
  lang: 'en',
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  outDir: '../dist/site',
  cacheDir: '../node_modules/.cache/vitepress',
  // Raw sample feeds are data for the playground, not pages.
  srcExclude: ['samples/**'],
  rewrites: {
    'README.md': 'index.md',
    ':folder/README.md': ':folder/index.md',
    'reference/schemas/README.md': 'reference/schemas/index.md',
    'reference/schemas/:version/README.md': 'reference/schemas/:version/index.md',
  },
  // Dead internal links fail the build (VitePress default); nothing is ignored.
  themeConfig: {
    nav: [
      { text: 'Guides', link: '/guides/csv-templates' },
      { text: 'Reference', link: '/reference/issue-codes' },
      versionNav(docsRoot),
      { text: 'Playground', link: '/playground/' },
      { text: 'Changelog', link: '/changelog' },
    ],
    sidebar: sidebar(docsRoot),
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: 'https://github.com/medsupply/medsupply' }],
    outline: [2, 3],
  },
  // The playground bundles the engine and the adapters (browser-stubs.ts), and has its engine preloaded.
  vite: { plugins: [workerPoolStub(), playgroundChunks()] },
  transformHead({ pageData, siteConfig }) {
    if (pageData.relativePath === 'playground/index.md') return playgroundPreloads(siteConfig.site.base);
  },
  transformHtml(html, _id, { pageData, siteConfig }) {
    if (pageData.relativePath === 'playground/index.md')
      return withDefaultDocumentPreload(html, siteConfig.site.base);
  },
  markdown: {
    config(md) {
      md.use(repositoryLinks, {
        repoRoot,
        docsRoot,
        excluded: ['samples'],
        linkBase: { 'changelog.md': '.' },
      });
    },
  },
});
