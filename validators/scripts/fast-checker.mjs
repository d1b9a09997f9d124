/**
 * Generates the fast schema checker: for each document schema, straight-line JavaScript that answers
 * valid/invalid and nothing else (no error objects, no instance paths, no context objects, no allocation
 * per `$ref`). The engine runs it first and runs Ajv's standalone code only to explain a record the
 * checker rejects (see compile-schemas.mjs), so Ajv stays the reference for every issue reported.
 *
 * Only the subset of JSON Schema 2020-12 the medsupply schemas use is supported, with Ajv's exact
 * semantics (strict numbers, string length in code points, `u`-flag patterns, uniqueItems as Ajv runs
 * it). Any other keyword, an `$anchor`, a non-static `unevaluatedProperties`, or an unknown format
 * throws {@link UnsupportedSchemaError} at generation time, so a future schema fails the build instead
 * of getting a checker that silently accepts what Ajv rejects.
 */

/** Thrown when a schema uses something the generator cannot check exactly as Ajv does. */
export class UnsupportedSchemaError extends Error {
  constructor(where, message) {
    super(
      `${where}: ${message} (the fast checker supports only what the medsupply schemas use; extend validators/scripts/fast-checker.mjs)`,
    );
    this.name = 'UnsupportedSchemaError';
  }
}

/** Keywords that never change a verdict. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'tsType',
]);

const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const ARRAY_KEYWORDS = ['items', 'minItems', 'maxItems', 'uniqueItems'];
const OBJECT_KEYWORDS = [
  'required',
  'properties',
  'additionalProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'unevaluatedProperties',
];
const APPLICATORS = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'];
const SUPPORTED = new Set([
  ...ANNOTATIONS,
  'type',
  'enum',
  'const',
  ...STRING_KEYWORDS,
  ...NUMBER_KEYWORDS,
  ...ARRAY_KEYWORDS,
  ...OBJECT_KEYWORDS,
  ...APPLICATORS,
]);
const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/**
 * Ajv's data type tests (lib/compile/validate/dataType.ts with strictNumbers), as expressions that
 * can be negated as they are (parenthesised).
 * @param {string} type a JSON type
 * @param {string} d the data expression
 */
function typeTest(type, d) {
  switch (type) {
    case 'null':
      return `(${d} === null)`;
    case 'array':
      return `Array.isArray(${d})`;
    case 'object':
      return `(${d} && typeof ${d} == "object" && !Array.isArray(${d}))`;
    case 'integer':
      return `(typeof ${d} == "number" && !(${d} % 1) && !isNaN(${d}) && isFinite(${d}))`;
    case 'number':
      return `(typeof ${d} == "number" && isFinite(${d}))`;
    default:
      return `(typeof ${d} == "${type}")`;
  }
}

/** Does a JSON value have this JSON type (the same tests as {@link typeTest})? */
function hasType(value, type) {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

/** Can this pattern run without the `u` flag and match exactly the same strings? */
function sameWithoutUnicodeFlag(source) {
  // Without `u`, only constructs that match "any code unit" can tell a surrogate pair from one code
  // point; an ASCII pattern without them matches the same strings either way.
  if (!/^[\x20-\x7e]*$/.test(source)) return false;
  if (/\\[pPuxcSWDBbk0-9]/.test(source)) return false;
  // `.` outside a class, or a negated class, matches any code unit.
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (!inClass && c === '[') {
      if (source[i + 1] === '^') return false;
      inClass = true;
    } else if (inClass && c === ']') inClass = false;
    else if (!inClass && c === '.') return false;
  }
  return true;
}

/** Decodes a JSON Pointer fragment (`/a/b~1c`) into tokens. */
function pointerTokens(fragment) {
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment
    .slice(1)
    .split('/')
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function escapePointerToken(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Generates the checker module body for a set of schemas.
 *
 * @param {object} input
 * @param {Map<string, object>} input.schemas every schema resource by its `$id`
 * @param {Record<string, string>} input.roots exported checker name → `$id` of its schema
 * @param {readonly string[]} input.formats the format names known (the same table Ajv is given)
 * @param {string} input.formatsImport the module specifier the code imports `formats` from
 * @returns {{ code: string, functions: number }} ESM source: imports `formats` (from the importer's
 *   `formatsImport`), `ucs2length` and `equal` from Ajv's runtime, and exports one function per root
 */
export function generateChecker({ schemas, roots, formats, formatsImport }) {
  const knownFormats = new Set(formats);
  const functions = new Map(); // location → { name, code? }
  const queue = [];
  const header = new Map(); // declaration text → name (patterns, formats)
  const needs = { ucs2length: false, equal: false };
  let counter = 0;

  const fresh = (prefix) => `${prefix}${counter++}`;

  /** A top-level constant, shared by every use of the same declaration. */
  function constant(prefix, init) {
    let name = header.get(init);
    if (!name) {
      name = fresh(prefix);
      header.set(init, name);
    }
    return name;
  }

  /** Resolves a `$ref` against the base URI: the target schema, its base and its location. */
  function resolve(ref, base, where) {
    const url = new URL(ref, base);
    const fragment = url.hash.slice(1); // percent-decoded per token by pointerTokens
    url.hash = '';
    const resource = schemas.get(url.href);
    if (resource === undefined)
      throw new UnsupportedSchemaError(where, `$ref ${ref} resolves to unknown ${url.href}`);
    const tokens = pointerTokens(fragment);
    if (tokens === undefined) throw new UnsupportedSchemaError(where, `$ref ${ref} uses an anchor`);
    let node = resource;
    for (const token of tokens) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token))
        throw new UnsupportedSchemaError(where, `$ref ${ref} points nowhere`);
      node = node[token];
    }
    const location = `${url.href}#${tokens.map((t) => `/${escapePointerToken(t)}`).join('')}`;
    return { schema: node, base: url.href, location };
  }

  /** The function that checks the schema at a location (generated once, then reused). */
  function functionFor(schema, base, location) {
    let entry = functions.get(location);
    if (!entry) {
      entry = { name: fresh('s'), schema, base, location, code: undefined };
      functions.set(location, entry);
      queue.push(entry);
    }
    return entry.name;
  }

  /**
   * The names of the members a schema evaluates, for `unevaluatedProperties`: its own `properties`
   * and those of the subschemas always applied in place (`allOf`, `$ref`); `true` when every member is
   * evaluated. Conditional subschemas (`if`, `anyOf`…) that could evaluate members are refused: their
   * contribution depends on the data, which this checker does not track.
   */
  function evaluatedMembers(schema, base, where, seen = new Set()) {
    if (schema === true || schema === false) return new Set();
    if (seen.has(schema)) return new Set();
    seen.add(schema);
    if (Object.hasOwn(schema, 'additionalProperties') || Object.hasOwn(schema, 'unevaluatedProperties'))
      return true;
    const names = new Set(Object.keys(schema.properties ?? {}));
    const merge = (sub, subBase, subWhere) => {
      const more = evaluatedMembers(sub, subBase, subWhere, seen);
      if (more === true) return true;
      for (const n of more) names.add(n);
      return false;
    };
    for (const [i, sub] of (schema.allOf ?? []).entries())
      if (merge(sub, base, `${where}/allOf/${i}`)) return true;
    if (schema.$ref !== undefined) {
      const target = resolve(schema.$ref, base, where);
      if (merge(target.schema, target.base, target.location)) return true;
    }
    for (const keyword of ['anyOf', 'oneOf', 'not', 'if', 'then', 'else']) {
      if (!Object.hasOwn(schema, keyword)) continue;
      const subs = Array.isArray(schema[keyword]) ? schema[keyword] : [schema[keyword]];
      for (const sub of subs)
        if (mayEvaluateMembers(sub, base, new Set()))
          throw new UnsupportedSchemaError(
            `${where}/${keyword}`,
            'unevaluatedProperties over members evaluated conditionally',
          );
    }
    return names;
  }

  function mayEvaluateMembers(schema, base, seen) {
    if (schema === true || schema === false || seen.has(schema)) return false;
    seen.add(schema);
    if (
      ['properties', 'additionalProperties', 'unevaluatedProperties', 'patternProperties'].some((k) =>
        Object.hasOwn(schema, k),
      )
    )
      return true;
    for (const keyword of ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']) {
      if (!Object.hasOwn(schema, keyword)) continue;
      const subs = Array.isArray(schema[keyword]) ? schema[keyword] : [schema[keyword]];
      if (subs.some((s) => mayEvaluateMembers(s, base, seen))) return true;
    }
    if (schema.$ref !== undefined) {
      const target = resolve(schema.$ref, base, base);
      return mayEvaluateMembers(target.schema, target.base, seen);
    }
    return false;
  }

  /** A member-name test: `switch` over the names, true for those listed. */
  function memberListed(names, key) {
    if (names.size === 0) return 'false';
    const test = constant(
      'member',
      `(k) => { switch (k) { ${[...names].map((n) => `case ${JSON.stringify(n)}:`).join(' ')} return true; default: return false; } }`,
    );
    return `${test}(${key})`;
  }

  /**
   * Statements that `return false` when `d` fails the schema and fall through when it passes.
   * `known` is the set of JSON types `d` is already known to have (from an enclosing `type` test).
   */
  function emit(schema, base, where, d, known) {
    if (schema === true) return '';
    if (schema === false) return 'return false;\n';
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
      throw new UnsupportedSchemaError(where, 'a schema must be an object or a boolean');
    for (const keyword of Object.keys(schema))
      if (!SUPPORTED.has(keyword))
        throw new UnsupportedSchemaError(where, `keyword ${keyword} is not supported`);
    if (Object.hasOwn(schema, '$id') && where !== `${base}#`)
      throw new UnsupportedSchemaError(where, 'an embedded $id is not supported');
    let out = '';

    let types = known;
    if (schema.type !== undefined) {
      const list = Array.isArray(schema.type) ? schema.type : [schema.type];
      for (const t of list)
        if (!JSON_TYPES.has(t)) throw new UnsupportedSchemaError(where, `unknown type ${t}`);
      // An enum or const whose every value has one of the types makes the type test redundant.
      const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
      if (!values?.every((v) => list.some((t) => hasType(v, t))))
        out += `if (!(${list.map((t) => typeTest(t, d)).join(' || ')})) return false;\n`;
      types = new Set(list);
    }

    if (schema.enum !== undefined) {
      if (!Array.isArray(schema.enum) || schema.enum.some((v) => v !== null && typeof v === 'object'))
        throw new UnsupportedSchemaError(`${where}/enum`, 'only enums of primitive values are supported');
      out += `if (!(${schema.enum.map((v) => `${d} === ${JSON.stringify(v)}`).join(' || ') || 'false'})) return false;\n`;
    }
    if (schema.const !== undefined) {
      if (schema.const !== null && typeof schema.const === 'object')
        throw new UnsupportedSchemaError(`${where}/const`, 'only a primitive const is supported');
      out += `if (${d} !== ${JSON.stringify(schema.const)}) return false;\n`;
    }

    out += group(types, ['string'], d, stringChecks(schema, where, d));
    out += group(types, ['number', 'integer'], d, numberChecks(schema, where, d));
    out += group(types, ['array'], d, arrayChecks(schema, base, where, d));
    out += group(types, ['object'], d, objectChecks(schema, base, where, d));

    if (schema.$ref !== undefined) {
      const target = resolve(schema.$ref, base, `${where}/$ref`);
      out += `if (!${functionFor(target.schema, target.base, target.location)}(${d})) return false;\n`;
    }
    for (const [i, sub] of (schema.allOf ?? []).entries())
      out += emit(sub, base, `${where}/allOf/${i}`, d, types);
    if (schema.anyOf !== undefined) {
      const fns = schema.anyOf.map((sub, i) => functionFor(sub, base, `${where}/anyOf/${i}`));
      out += `if (!(${fns.map((f) => `${f}(${d})`).join(' || ')})) return false;\n`;
    }
    if (schema.oneOf !== undefined) {
      const fns = schema.oneOf.map((sub, i) => functionFor(sub, base, `${where}/oneOf/${i}`));
      out += `if ((${fns.map((f) => `(${f}(${d}) ? 1 : 0)`).join(' + ')}) !== 1) return false;\n`;
    }
    if (schema.not !== undefined)
      out += `if (${functionFor(schema.not, base, `${where}/not`)}(${d})) return false;\n`;
    // Ajv ignores `if` without `then` and `else`, and `then`/`else` without `if`.
    if (schema.if !== undefined && (schema.then !== undefined || schema.else !== undefined)) {
      const condition = functionFor(schema.if, base, `${where}/if`);
      const then = schema.then === undefined ? '' : emit(schema.then, base, `${where}/then`, d, types);
      const otherwise = schema.else === undefined ? '' : emit(schema.else, base, `${where}/else`, d, types);
      out += `if (${condition}(${d})) {\n${then}} else {\n${otherwise}}\n`;
    }
    return out;
  }

  /** Wraps a keyword group in the type test it needs, unless the type is already known. */
  function group(known, groupTypes, d, body) {
    if (body === '') return '';
    if (known !== undefined) {
      const overlap = [...known].filter(
        (t) => groupTypes.includes(t) || (t === 'integer' && groupTypes.includes('number')),
      );
      if (overlap.length === 0) return ''; // the type test already failed for any data these apply to
      if (overlap.length === known.size) return body;
    }
    const test = groupTypes.includes('number') ? typeTest('number', d) : typeTest(groupTypes[0], d);
    return `if (${test}) {\n${body}}\n`;
  }

  function stringChecks(schema, where, d) {
    let out = '';
    if (schema.maxLength !== undefined) {
      needs.ucs2length = true;
      const n = schema.maxLength;
      // ucs2length(s) <= s.length: only a string longer in code units needs counting.
      out += `if (${d}.length > ${n} && ucs2length(${d}) > ${n}) return false;\n`;
    }
    if (schema.minLength !== undefined) {
      needs.ucs2length = true;
      const n = schema.minLength;
      // ucs2length(s) >= s.length / 2: only a string shorter than 2n code units needs counting.
      out += `if (${d}.length < ${n} || (${d}.length < ${2 * n} && ucs2length(${d}) < ${n})) return false;\n`;
    }
    if (schema.pattern !== undefined) {
      try {
        new RegExp(schema.pattern, 'u');
      } catch (error) {
        throw new UnsupportedSchemaError(`${where}/pattern`, error.message);
      }
      const flags = sameWithoutUnicodeFlag(schema.pattern) ? '' : 'u';
      const re = constant('re', `new RegExp(${JSON.stringify(schema.pattern)}, ${JSON.stringify(flags)})`);
      out += `if (!${re}.test(${d})) return false;\n`;
    }
    if (schema.format !== undefined) {
      if (!knownFormats.has(schema.format))
        throw new UnsupportedSchemaError(`${where}/format`, `unknown format ${schema.format}`);
      const fmt = constant('fmt', `formats[${JSON.stringify(schema.format)}]`);
      out += `if (!${fmt}(${d})) return false;\n`;
    }
    return out;
  }

  function numberChecks(schema, where, d) {
    const fail = { minimum: '<', maximum: '>', exclusiveMinimum: '<=', exclusiveMaximum: '>=' };
    let out = '';
    for (const keyword of NUMBER_KEYWORDS) {
      if (schema[keyword] === undefined) continue;
      if (typeof schema[keyword] !== 'number')
        throw new UnsupportedSchemaError(`${where}/${keyword}`, 'must be a number');
      out += `if (${d} ${fail[keyword]} ${schema[keyword]} || isNaN(${d})) return false;\n`;
    }
    return out;
  }

  function arrayChecks(schema, base, where, d) {
    let out = '';
    if (schema.minItems !== undefined) out += `if (${d}.length < ${schema.minItems}) return false;\n`;
    if (schema.maxItems !== undefined) out += `if (${d}.length > ${schema.maxItems}) return false;\n`;
    if (schema.items !== undefined) {
      if (Array.isArray(schema.items))
        throw new UnsupportedSchemaError(`${where}/items`, 'array form of items');
      const i = fresh('i');
      const item = fresh('d');
      const body = emit(schema.items, base, `${where}/items`, item, undefined);
      if (body !== '')
        out += `for (let ${i} = 0, n = ${d}.length; ${i} < n; ${i}++) {\nconst ${item} = ${d}[${i}];\n${body}}\n`;
    }
    if (schema.uniqueItems === true) out += uniqueItems(schema, where, d);
    else if (schema.uniqueItems !== undefined && schema.uniqueItems !== false)
      throw new UnsupportedSchemaError(`${where}/uniqueItems`, 'must be a boolean');
    return out;
  }

  /** Ajv's two uniqueItems loops (lib/vocabularies/validation/uniqueItems.ts), verdict for verdict. */
  function uniqueItems(schema, where, d) {
    const items = schema.items;
    const itemTypes =
      items && typeof items === 'object' && items.type !== undefined
        ? Array.isArray(items.type)
          ? items.type
          : [items.type]
        : [];
    const i = fresh('i');
    const j = fresh('j');
    if (itemTypes.length > 0 && !itemTypes.some((t) => t === 'object' || t === 'array')) {
      if (itemTypes.length > 1)
        throw new UnsupportedSchemaError(`${where}/uniqueItems`, 'items of several types');
      // Same as Ajv, including a plain object as the index (so "__proto__" twice is not caught).
      const indices = fresh('indices');
      const item = fresh('item');
      return `{ let ${i} = ${d}.length;\nif (${i} > 1) { const ${indices} = {};\nfor (; ${i}--; ) { let ${item} = ${d}[${i}];\nif (!${typeTest(itemTypes[0], item)}) continue;\nif (typeof ${indices}[${item}] == "number") return false;\n${indices}[${item}] = ${i}; } } }\n`;
    }
    needs.equal = true;
    return `{ let ${i} = ${d}.length;\nif (${i} > 1) { for (; ${i}--; ) { for (let ${j} = ${i}; ${j}--; ) { if (equal(${d}[${i}], ${d}[${j}])) return false; } } } }\n`;
  }

  function objectChecks(schema, base, where, d) {
    let out = '';
    const required = new Set(schema.required ?? []);
    if (schema.required !== undefined) {
      if (schema.required.length > 0)
        out += `if (${schema.required.map((p) => `${d}[${JSON.stringify(p)}] === undefined`).join(' || ')}) return false;\n`;
    }
    if (schema.minProperties !== undefined)
      out += `if (Object.keys(${d}).length < ${schema.minProperties}) return false;\n`;
    if (schema.maxProperties !== undefined)
      out += `if (Object.keys(${d}).length > ${schema.maxProperties}) return false;\n`;
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      const v = fresh('d');
      const body = emit(sub, base, `${where}/properties/${escapePointerToken(name)}`, v, undefined);
      if (body === '') continue;
      // A required member is known to be present (the required test above returned otherwise).
      out += required.has(name)
        ? `{ const ${v} = ${d}[${JSON.stringify(name)}];\n${body}}\n`
        : `{ const ${v} = ${d}[${JSON.stringify(name)}];\nif (${v} !== undefined) {\n${body}} }\n`;
    }
    const own = new Set(Object.keys(schema.properties ?? {}));
    if (schema.propertyNames !== undefined) {
      const k = fresh('k');
      const body = emit(schema.propertyNames, base, `${where}/propertyNames`, k, new Set(['string']));
      if (body !== '') out += `for (const ${k} in ${d}) {\n${body}}\n`;
    }
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      const k = fresh('k');
      const v = fresh('d');
      const body = emit(schema.additionalProperties, base, `${where}/additionalProperties`, v, undefined);
      if (body !== '')
        out += `for (const ${k} in ${d}) {\nif (!${memberListed(own, k)}) {\nconst ${v} = ${d}[${k}];\n${body}}\n}\n`;
    }
    if (schema.unevaluatedProperties !== undefined && schema.unevaluatedProperties !== true) {
      const { unevaluatedProperties: _, ...siblings } = schema;
      const evaluated = evaluatedMembers(siblings, base, where);
      if (evaluated !== true) {
        const k = fresh('k');
        const v = fresh('d');
        const body = emit(schema.unevaluatedProperties, base, `${where}/unevaluatedProperties`, v, undefined);
        if (body !== '')
          out += `for (const ${k} in ${d}) {\nif (!${memberListed(evaluated, k)}) {\nconst ${v} = ${d}[${k}];\n${body}}\n}\n`;
      }
    }
    return out;
  }

  const exports = [];
  for (const [exportName, id] of Object.entries(roots)) {
    const target = resolve(id, id, id);
    exports.push(`export const ${exportName} = ${functionFor(target.schema, target.base, target.location)};`);
  }
  while (queue.length > 0) {
    const entry = queue.shift();
    const body = emit(entry.schema, entry.base, entry.location, 'data', undefined);
    entry.code = `// ${entry.location}\nfunction ${entry.name}(data) {\n${body}return true;\n}\n`;
  }

  const imports = [`import { formats } from ${JSON.stringify(formatsImport)};`];
  if (needs.ucs2length) imports.push('import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";');
  if (needs.equal) imports.push('import equalModule from "ajv/dist/runtime/equal.js";');
  const runtime = [];
  if (needs.ucs2length)
    runtime.push(
      'const ucs2length = typeof ucs2lengthModule === "function" ? ucs2lengthModule : ucs2lengthModule.default;',
    );
  if (needs.equal)
    runtime.push('const equal = typeof equalModule === "function" ? equalModule : equalModule.default;');
  const constants = [...header].map(([init, name]) => `const ${name} = ${init};`);
  const code = [
    ...imports,
    ...runtime,
    ...constants,
    ...[...functions.values()].map((f) => f.code),
    ...exports,
    '',
  ].join('\n');
  return { code, functions: functions.size };
}
