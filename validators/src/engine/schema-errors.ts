/**
 * Turns Ajv's errors into medsupply issues: one stable code per problem, and a JSON Pointer that names
 * the offending member itself (the missing or unknown member, not its parent object).
 */
import { formatIssueCodes, gs1CheckDigit } from '../formats/index.js';
import { type Issue, issue } from '../issue.js';
import { joinPointer } from '../pointer.js';

/** The subset of Ajv's ErrorObject that standalone validators produce. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  /** Set on errors about a member name (inside `propertyNames`). */
  propertyName?: string;
}

const KEYWORD_CODES: Record<string, string> = {
  type: 'TYPE_MISMATCH',
  enum: 'ENUM_MISMATCH',
  const: 'CONST_MISMATCH',
  pattern: 'PATTERN_MISMATCH',
  minLength: 'STRING_TOO_SHORT',
  maxLength: 'STRING_TOO_LONG',
  minimum: 'NUMBER_TOO_SMALL',
  exclusiveMinimum: 'NUMBER_TOO_SMALL',
  maximum: 'NUMBER_TOO_LARGE',
  exclusiveMaximum: 'NUMBER_TOO_LARGE',
  minItems: 'TOO_FEW_ITEMS',
  maxItems: 'TOO_MANY_ITEMS',
  uniqueItems: 'DUPLICATE_ITEMS',
  minProperties: 'TOO_FEW_PROPERTIES',
  maxProperties: 'TOO_MANY_PROPERTIES',
};

/** How each format's failure reads in a message. */
const FORMAT_PROBLEMS: Record<string, string> = {
  'gs1-check-digit': 'has a wrong GS1 check digit',
  ndc: 'is not an NDC in a 10-, 11- or 12-digit form',
  ucum: 'is not a UCUM unit',
  'iso3166-1-alpha2': 'is not an ISO 3166-1 alpha-2 country code',
  'iso3166-2': 'is not an ISO 3166-2 subdivision code',
  jurisdiction: 'is not a country code, EU, or a subdivision code',
  date: 'is not a calendar date (YYYY-MM-DD)',
  'date-time': 'is not a date-time with offset (YYYY-MM-DDThh:mm:ssZ or ±hh:mm)',
  uri: 'is not an absolute URI',
  uuid: 'is not a UUID',
};

/** Identifier systems written as their key's name ("GLN") rather than as the GS1 system URI. */
const GS1_SYSTEMS: Readonly<Record<string, string>> = {
  gln: 'https://www.gs1.org/gln',
  gtin: 'https://www.gs1.org/gtin',
  sscc: 'https://www.gs1.org/sscc',
};

/** Keywords whose own error only repeats what their subschema errors say. */
const SILENT_KEYWORDS = new Set(['if', 'then', 'else', 'allOf', '$ref']);

/** Maps one validation run's errors to issues; `data` is the validated document (for messages). */
export function schemaErrorsToIssues(errors: readonly SchemaError[], data: unknown): Issue[] {
  const { kept, replacements } = resolveAlternatives(errors, data);
  const issues: Issue[] = [...replacements];
  for (const error of kept) {
    const mapped = mapError(error, data);
    if (mapped) issues.push(mapped);
  }
  return explainShapes(dedupe(issues), data);
}

/** The two shapes a place or an organisation may take, for messages. */
const SHAPES = {
  location: {
    required: ['identifiers', 'type', 'country'],
    text: 'a location is either a reference {"identifier": {"system", "value"}} or a whole Location with identifiers, type and country',
  },
  party: {
    required: ['identifiers', 'name', 'roles', 'country'],
    text: 'a party is either a reference {"identifier": {"system", "value"}} or a whole Party with identifiers, name, roles and country',
  },
} as const;

/**
 * A place or organisation given in neither accepted shape (a bare string, or an object with a
 * `gln` member) otherwise reads as "identifiers is required, type is required…": say which two
 * shapes are accepted instead. Recognised from the members found missing together.
 */
function explainShapes(issues: Issue[], data: unknown): Issue[] {
  const missing = new Map<string, Set<string>>();
  for (const i of issues) {
    if (i.code !== 'REQUIRED_PROPERTY') continue;
    const parent = i.path.slice(0, i.path.lastIndexOf('/'));
    if (!missing.has(parent)) missing.set(parent, new Set());
    missing.get(parent)!.add(String(i.params?.property));
  }
  for (const [parent, names] of missing) {
    const value = valueAt(data, parent);
    if (value === null || typeof value !== 'object' || Object.hasOwn(value, 'identifier')) continue;
    const shape = Object.values(SHAPES).find(
      (s) => s.required.every((r) => names.has(r) || Object.hasOwn(value, r)) && names.has('identifiers'),
    );
    if (shape === undefined) continue;
    for (const i of issues)
      if (i.code === 'REQUIRED_PROPERTY' && i.path.startsWith(`${parent}/`)) i.message += ` (${shape.text})`;
  }
  return issues;
}

function mapError(error: SchemaError, data: unknown): Issue | undefined {
  const { keyword, instancePath, params } = error;
  if (SILENT_KEYWORDS.has(keyword)) return undefined;
  // The name check's own error (pattern, maxLength) repeats the propertyNames error: keep one.
  if (error.propertyName !== undefined && keyword !== 'propertyNames') return undefined;
  switch (keyword) {
    case 'required': {
      const member = String(params.missingProperty);
      return issue('error', 'REQUIRED_PROPERTY', joinPointer(instancePath, member), `${member} is required`, {
        property: member,
      });
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const member = String(params.additionalProperty ?? params.unevaluatedProperty);
      return issue(
        'error',
        'UNKNOWN_PROPERTY',
        joinPointer(instancePath, member),
        `${member} is not a member here`,
        {
          property: member,
        },
      );
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return issue(
        'error',
        'INVALID_PROPERTY_NAME',
        joinPointer(instancePath, name),
        `"${name}" is not an allowed member name`,
        {
          property: name,
        },
      );
    }
    case 'format': {
      const format = String(params.format);
      const code = formatIssueCodes[format] ?? 'FORMAT_INVALID';
      const value = valueAt(data, instancePath);
      const details: Record<string, unknown> = { format };
      let hint = '';
      if (format === 'gs1-check-digit' && typeof value === 'string' && /^\d{2,}$/.test(value)) {
        // Teach the fix: which digit the key should end with.
        const expected = gs1CheckDigit(value.slice(0, -1));
        details.expected = expected;
        hint = `: the check digit should be ${expected}, not ${value.at(-1)} (${value.slice(0, -1)}${expected})`;
      } else if (format === 'uri' && typeof value === 'string') {
        const system = GS1_SYSTEMS[value.trim().toLowerCase()];
        if (system !== undefined) hint = `; did you mean ${system}?`;
      }
      return issue(
        'error',
        code,
        instancePath,
        `${describe(value)} ${FORMAT_PROBLEMS[format] ?? `is not a valid ${format}`}${hint}`,
        details,
      );
    }
    case 'type': {
      const expected = String(params.type);
      const actual = valueAt(data, instancePath);
      if (expected === 'integer' && typeof actual === 'number') {
        return issue('error', 'NOT_AN_INTEGER', instancePath, `${actual} must be a whole number`, {
          expected,
        });
      }
      return issue(
        'error',
        'TYPE_MISMATCH',
        instancePath,
        `must be ${article(expected)}, not ${jsonType(actual)}`,
        {
          expected,
          actual: jsonType(actual),
        },
      );
    }
    case 'enum':
      return issue(
        'error',
        'ENUM_MISMATCH',
        instancePath,
        `${describe(valueAt(data, instancePath))} is not one of ${list(params.allowedValues)}`,
        {
          allowed: params.allowedValues,
        },
      );
    case 'const':
      return issue(
        'error',
        'CONST_MISMATCH',
        instancePath,
        `must be ${JSON.stringify(params.allowedValue)}`,
        {
          expected: params.allowedValue,
        },
      );
    case 'pattern':
      return issue(
        'error',
        'PATTERN_MISMATCH',
        instancePath,
        `${describe(valueAt(data, instancePath))} does not match ${String(params.pattern)}`,
        {
          pattern: params.pattern,
        },
      );
    default: {
      const code = KEYWORD_CODES[keyword] ?? 'SCHEMA_MISMATCH';
      return issue('error', code, instancePath, error.message ?? `fails ${keyword}`, { ...params });
    }
  }
}

/**
 * `anyOf`/`oneOf` report every branch's errors plus their own. Keep only the branch the value was
 * meant for (the one whose type matches), or one summary issue when no branch fits.
 */
function resolveAlternatives(errors: readonly SchemaError[], data: unknown) {
  const dropped = new Set<SchemaError>();
  const replacements: Issue[] = [];
  errors.forEach((alternative, position) => {
    if (alternative.keyword !== 'anyOf' && alternative.keyword !== 'oneOf') return;
    dropped.add(alternative);
    const at = alternative.instancePath;
    if (alternative.keyword === 'oneOf' && alternative.params.passingSchemas != null) {
      replacements.push(issue('error', 'SCHEMA_MISMATCH', at, 'matches more than one alternative'));
      return;
    }
    // Ajv reports the branches' errors right before the anyOf error itself. Errors of a branch that is a
    // `$ref` carry the referenced schema's paths, so they are grouped by position rather than by path.
    const prefix = `${alternative.schemaPath}/`;
    const branches = new Map<string, SchemaError[]>();
    for (let i = position - 1; i >= 0; i--) {
      const error = errors[i]!;
      if (!error.instancePath.startsWith(at) || dropped.has(error)) break;
      const branch = error.schemaPath.startsWith(prefix)
        ? error.schemaPath.slice(prefix.length).split('/', 1)[0]!
        : '$ref';
      branches.set(branch, [error, ...(branches.get(branch) ?? [])]);
      dropped.add(error);
    }
    const all = [...branches.values()];
    if (all.length > 0 && all.every((b) => b.every((e) => e.keyword === 'format' && e.instancePath === at))) {
      const formats = all.flat().map((e) => String(e.params.format));
      const dateLike = formats.every((f) => f === 'date' || f === 'date-time');
      replacements.push(
        issue(
          'error',
          dateLike ? 'DATE_OR_DATETIME_INVALID' : 'FORMAT_INVALID',
          at,
          `${describe(valueAt(data, at))} is not a valid ${formats.join(' or ')}`,
          {
            formats,
          },
        ),
      );
      return;
    }
    const fitting = all.filter((b) => !b.some((e) => e.keyword === 'type' && e.instancePath === at));
    if (fitting.length === 0 && all.length > 0) {
      const expected = [
        ...new Set(
          all
            .flat()
            .filter((e) => e.keyword === 'type' && e.instancePath === at)
            .map((e) => String(e.params.type)),
        ),
      ];
      replacements.push(
        issue(
          'error',
          'TYPE_MISMATCH',
          at,
          `must be ${expected.map(article).join(' or ')}, not ${jsonType(valueAt(data, at))}`,
          {
            expected: expected.join(','),
            actual: jsonType(valueAt(data, at)),
          },
        ),
      );
      return;
    }
    const best = fitting.sort((a, b) => a.length - b.length)[0];
    for (const error of best ?? []) dropped.delete(error);
  });
  return { kept: errors.filter((e) => !dropped.has(e)), replacements };
}

/** One issue per code and path; a bad shape (pattern/type/length) makes a format or pattern check at the same path redundant. */
function dedupe(issues: Issue[]): Issue[] {
  const shapeBroken = new Set(
    issues.filter((i) => i.code === 'PATTERN_MISMATCH' || i.code === 'TYPE_MISMATCH').map((i) => i.path),
  );
  const lengthBroken = new Set(
    issues.filter((i) => i.code === 'STRING_TOO_LONG' || i.code === 'STRING_TOO_SHORT').map((i) => i.path),
  );
  const seen = new Set<string>();
  return issues.filter((i) => {
    if (i.code in FORMAT_CODES && shapeBroken.has(i.path)) return false;
    // A 25-character lot number is too long; saying it also fails the pattern adds nothing.
    if (i.code === 'PATTERN_MISMATCH' && lengthBroken.has(i.path)) return false;
    const key = `${i.code}\u0000${i.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const FORMAT_CODES: Record<string, true> = Object.fromEntries(
  Object.values(formatIssueCodes).map((c) => [c, true]),
);

/** Reads the value a JSON Pointer names (for messages); undefined when absent. */
export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Object.hasOwn(node, token) ? (node as Record<string, unknown>)[token] : undefined;
  }
  return node;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values);
}
