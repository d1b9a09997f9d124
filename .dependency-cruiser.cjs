/**
 * The import graph, checked (`pnpm check:deps`, part of `pnpm test`): no cycles, and every import points
 * down the layers. Layers are folders, so packages added later fall into place by where they live:
 *
 *   schemas/, packages/registry, packages/types   the standard and its generated types (bottom)
 *   validators/                                  the validation engine
 *   adapters/<name>/                             gs1, fhir, …: never import one another
 *   packages/<any other>/                        metrics, server, forecast, migrate, schema-diff,
 *                                                openapi, client, …: may use everything below;
 *                                                client never imports server
 *   packages/cli/                                the command (top): nothing imports it
 *
 * Tests (`test/`, `*.test.ts`) may import anything, but nothing imports them.
 */
const BASE = '^(schemas|packages/(registry|types))/';
const VALIDATORS = '^validators/';
const ADAPTERS = '^adapters/';
const CLI = '^packages/cli/';
/** Every package under packages/ that is neither in the base layer nor the CLI. */
const MIDDLE = '^packages/(?!(registry|types|cli)/)[^/]+/';
const TESTS = '(^test/|\\.test\\.ts$)';

/** A rule forbidding imports from one layer (tests aside) to folders above it. */
function layer(name, comment, from, to) {
  return { name, comment, severity: 'error', from: { path: from, pathNot: TESTS }, to: { path: to } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'An import cycle: split the shared part into a module both sides import, so each folder reads top-down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer(
      'base-imports-nothing-above',
      'schemas, registry and types are the bottom layer: they import no validator, adapter or package above them.',
      BASE,
      `(${VALIDATORS}|${ADAPTERS}|${MIDDLE}|${CLI})`,
    ),
    layer(
      'validators-import-only-base',
      'validators sits above schemas, registry and types only: it imports no adapter or package above it.',
      VALIDATORS,
      `(${ADAPTERS}|${MIDDLE}|${CLI})`,
    ),
    layer(
      'adapters-import-only-below',
      'adapters import validators, types and registry, never metrics, server, client or the CLI.',
      ADAPTERS,
      `(${MIDDLE}|${CLI})`,
    ),
    {
      name: 'adapters-independent',
      comment:
        'Adapters (gs1, fhir, …) never import one another; shared code belongs in validators or types.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/', pathNot: TESTS },
      to: { path: ADAPTERS, pathNot: '^adapters/$1/' },
    },
    layer(
      'nothing-imports-the-cli',
      'The CLI is the top layer: no package imports it.',
      '^(?!packages/cli/)',
      CLI,
    ),
    {
      name: 'client-not-server',
      comment: 'The client sits beside the server and talks to it over HTTP: it never imports server code.',
      severity: 'error',
      from: { path: '^packages/client/', pathNot: TESTS },
      to: { path: '^packages/server/' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'Only tests import test code.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|\\.bench)/|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    // Workspace packages resolve to their TypeScript sources, as in the tests (the `source` condition).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
