/**
 * The Ajv options the engine's schemas are compiled with, shared by the build (compile-schemas.mjs) and
 * by the tests that compile a reference Ajv at run time, so both always agree.
 */

/** Ajv's options as the engine has always validated with (verdicts, errors, messages). */
export const AJV_OPTIONS = Object.freeze({
  allErrors: true,
  strict: true,
  strictRequired: false,
  strictTypes: false, // conditional subschemas (if/then) refine members whose type the parent declares
  allowUnionTypes: true,
});

/**
 * What the standalone explainer (`<Type>.ajv.js`, run only on records the fast checker rejects) adds:
 * every `$ref` becomes a call to the referenced schema's own function instead of being inlined into
 * its caller. Same errors (decision 0019, amendment of 2026-12-07), about a third less code, and much
 * smaller functions: the explainer runs on one record in ten, each failing somewhere new, so V8 keeps
 * recompiling whatever it optimised; small functions make each of those recompilations cheap.
 */
export const EXPLAINER_OPTIONS = Object.freeze({ inlineRefs: false });
