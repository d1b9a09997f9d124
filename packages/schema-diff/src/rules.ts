/**
 * Every rule a schema diff can report, with its effect on compatibility. Rule ids follow the names the
 * established schema registries use for the same concept (Confluent Schema Registry's JSON Schema
 * diff), so reports read the same to people who know those tools. Stable: a rule id is never renamed.
 *
 * `backward`: is the change, read from OLD to NEW, harmless for instances valid under OLD?
 * `forward`: is it harmless for instances valid under NEW read by OLD? That is the `backward` of the
 * same change read from NEW to OLD; `depends` when that reverse reading has several outcomes (the
 * diff computes it per change by comparing in both directions).
 */
export interface RuleInfo {
  readonly backward: boolean;
  readonly forward: boolean | 'depends';
  readonly summary: string;
}

const r = (backward: boolean, forward: boolean | 'depends', summary: string): RuleInfo => ({
  backward,
  forward,
  summary,
});

/** The rule table (also the source of `docs/reference/schema-diff.md`). */
export const DIFF_RULES = {
  // Types and whole schemas
  TYPE_CHANGED: r(false, false, 'the type changed to an unrelated one'),
  TYPE_EXTENDED: r(true, false, 'the schema accepts more (e.g. integer to number, or any value)'),
  TYPE_NARROWED: r(false, true, 'the schema accepts less (e.g. number to integer, or no value at all)'),
  SCHEMA_ADDED: r(false, true, 'a subschema was added where there was none'),
  SCHEMA_REMOVED: r(true, false, 'a subschema was removed'),
  // Strings
  MAX_LENGTH_ADDED: r(false, true, 'maxLength added'),
  MAX_LENGTH_REMOVED: r(true, false, 'maxLength removed'),
  MAX_LENGTH_INCREASED: r(true, false, 'maxLength increased'),
  MAX_LENGTH_DECREASED: r(false, true, 'maxLength decreased'),
  MIN_LENGTH_ADDED: r(false, true, 'minLength added'),
  MIN_LENGTH_REMOVED: r(true, false, 'minLength removed'),
  MIN_LENGTH_INCREASED: r(false, true, 'minLength increased'),
  MIN_LENGTH_DECREASED: r(true, false, 'minLength decreased'),
  PATTERN_ADDED: r(false, true, 'pattern added'),
  PATTERN_REMOVED: r(true, false, 'pattern removed'),
  PATTERN_CHANGED: r(
    false,
    false,
    'pattern changed; whether one pattern contains the other cannot be proven',
  ),
  FORMAT_ADDED: r(false, true, 'format added (formats are asserted)'),
  FORMAT_REMOVED: r(true, false, 'format removed'),
  FORMAT_CHANGED: r(false, false, 'format changed'),
  // Numbers
  MAXIMUM_ADDED: r(false, true, 'maximum added'),
  MAXIMUM_REMOVED: r(true, false, 'maximum removed'),
  MAXIMUM_INCREASED: r(true, false, 'maximum increased'),
  MAXIMUM_DECREASED: r(false, true, 'maximum decreased'),
  MINIMUM_ADDED: r(false, true, 'minimum added'),
  MINIMUM_REMOVED: r(true, false, 'minimum removed'),
  MINIMUM_INCREASED: r(false, true, 'minimum increased'),
  MINIMUM_DECREASED: r(true, false, 'minimum decreased'),
  EXCLUSIVE_MAXIMUM_ADDED: r(false, true, 'exclusiveMaximum added'),
  EXCLUSIVE_MAXIMUM_REMOVED: r(true, false, 'exclusiveMaximum removed'),
  EXCLUSIVE_MAXIMUM_INCREASED: r(true, false, 'exclusiveMaximum increased'),
  EXCLUSIVE_MAXIMUM_DECREASED: r(false, true, 'exclusiveMaximum decreased'),
  EXCLUSIVE_MINIMUM_ADDED: r(false, true, 'exclusiveMinimum added'),
  EXCLUSIVE_MINIMUM_REMOVED: r(true, false, 'exclusiveMinimum removed'),
  EXCLUSIVE_MINIMUM_INCREASED: r(false, true, 'exclusiveMinimum increased'),
  EXCLUSIVE_MINIMUM_DECREASED: r(true, false, 'exclusiveMinimum decreased'),
  MULTIPLE_OF_ADDED: r(false, true, 'multipleOf added'),
  MULTIPLE_OF_REMOVED: r(true, false, 'multipleOf removed'),
  MULTIPLE_OF_REDUCED: r(true, false, 'multipleOf became a divisor of the old one'),
  MULTIPLE_OF_EXPANDED: r(false, true, 'multipleOf became a multiple of the old one'),
  MULTIPLE_OF_CHANGED: r(false, false, 'multipleOf changed to an unrelated value'),
  // enum and const
  ENUM_ARRAY_EXTENDED: r(true, false, 'values were added to enum'),
  ENUM_ARRAY_NARROWED: r(false, true, 'values were removed from enum'),
  ENUM_ARRAY_CHANGED: r(false, false, 'enum or const values were replaced'),
  // Objects
  REQUIRED_ATTRIBUTE_ADDED: r(false, true, 'a property became required'),
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: r(
    false,
    true,
    'a property with a default became required (a default does not make a missing value valid)',
  ),
  REQUIRED_ATTRIBUTE_REMOVED: r(true, false, 'a property is no longer required'),
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: r(
    false,
    true,
    'a property was declared in an open object: values it carried before may now be invalid',
  ),
  PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: r(
    true,
    true,
    'a property accepting any value was declared in an open object',
  ),
  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: r(true, false, 'a property was removed from an open object'),
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: r(
    false,
    true,
    'a property was removed from a closed object: instances carrying it become invalid',
  ),
  PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: r(
    true,
    true,
    'a forbidden (false) property was removed from a closed object',
  ),
  OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: r(
    true,
    false,
    'an optional property was added to a closed object',
  ),
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: r(
    false,
    false,
    'a required property was added to a closed object',
  ),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: r(
    false,
    false,
    'a required property with a default was added to a closed object',
  ),
  PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    true,
    'depends',
    'a property was added whose schema accepts what additionalProperties/patternProperties accepted',
  ),
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    false,
    'depends',
    'a property was added whose schema rejects values additionalProperties/patternProperties accepted',
  ),
  PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    true,
    'depends',
    'a property was removed and additionalProperties/patternProperties accept its old values',
  ),
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    false,
    'depends',
    'a property was removed and additionalProperties/patternProperties reject some of its old values',
  ),
  ADDITIONAL_PROPERTIES_ADDED: r(true, false, 'additionalProperties changed from false to allowed'),
  ADDITIONAL_PROPERTIES_REMOVED: r(false, true, 'additionalProperties changed to false'),
  ADDITIONAL_PROPERTIES_NARROWED: r(false, true, 'additionalProperties got a schema'),
  ADDITIONAL_PROPERTIES_EXTENDED: r(true, false, 'additionalProperties lost its schema'),
  UNEVALUATED_PROPERTIES_ADDED: r(true, false, 'unevaluatedProperties changed from false to allowed'),
  UNEVALUATED_PROPERTIES_REMOVED: r(false, true, 'unevaluatedProperties changed to false'),
  UNEVALUATED_PROPERTIES_NARROWED: r(false, true, 'unevaluatedProperties got a schema'),
  UNEVALUATED_PROPERTIES_EXTENDED: r(true, false, 'unevaluatedProperties lost its schema'),
  PATTERN_PROPERTY_ADDED: r(false, true, 'a patternProperties entry was added'),
  PATTERN_PROPERTY_REMOVED: r(true, false, 'a patternProperties entry was removed from an open object'),
  PATTERN_PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: r(
    false,
    true,
    'a patternProperties entry was removed from a closed object',
  ),
  DEPENDENCY_ARRAY_ADDED: r(false, true, 'a property dependency (dependentRequired) was added'),
  DEPENDENCY_ARRAY_REMOVED: r(true, false, 'a property dependency (dependentRequired) was removed'),
  DEPENDENCY_ARRAY_EXTENDED: r(false, true, 'a property dependency requires more properties'),
  DEPENDENCY_ARRAY_NARROWED: r(true, false, 'a property dependency requires fewer properties'),
  DEPENDENCY_ARRAY_CHANGED: r(false, false, 'a property dependency requires other properties'),
  DEPENDENCY_SCHEMA_ADDED: r(false, true, 'a schema dependency (dependentSchemas) was added'),
  DEPENDENCY_SCHEMA_REMOVED: r(true, false, 'a schema dependency (dependentSchemas) was removed'),
  MAX_PROPERTIES_ADDED: r(false, true, 'maxProperties added'),
  MAX_PROPERTIES_REMOVED: r(true, false, 'maxProperties removed'),
  MAX_PROPERTIES_INCREASED: r(true, false, 'maxProperties increased'),
  MAX_PROPERTIES_DECREASED: r(false, true, 'maxProperties decreased'),
  MIN_PROPERTIES_ADDED: r(false, true, 'minProperties added'),
  MIN_PROPERTIES_REMOVED: r(true, false, 'minProperties removed'),
  MIN_PROPERTIES_INCREASED: r(false, true, 'minProperties increased'),
  MIN_PROPERTIES_DECREASED: r(true, false, 'minProperties decreased'),
  // Arrays
  MAX_ITEMS_ADDED: r(false, true, 'maxItems added'),
  MAX_ITEMS_REMOVED: r(true, false, 'maxItems removed'),
  MAX_ITEMS_INCREASED: r(true, false, 'maxItems increased'),
  MAX_ITEMS_DECREASED: r(false, true, 'maxItems decreased'),
  MIN_ITEMS_ADDED: r(false, true, 'minItems added'),
  MIN_ITEMS_REMOVED: r(true, false, 'minItems removed'),
  MIN_ITEMS_INCREASED: r(false, true, 'minItems increased'),
  MIN_ITEMS_DECREASED: r(true, false, 'minItems decreased'),
  UNIQUE_ITEMS_ADDED: r(false, true, 'uniqueItems added'),
  UNIQUE_ITEMS_REMOVED: r(true, false, 'uniqueItems removed'),
  MAX_CONTAINS_ADDED: r(false, true, 'maxContains added'),
  MAX_CONTAINS_REMOVED: r(true, false, 'maxContains removed'),
  MAX_CONTAINS_INCREASED: r(true, false, 'maxContains increased'),
  MAX_CONTAINS_DECREASED: r(false, true, 'maxContains decreased'),
  MIN_CONTAINS_ADDED: r(false, true, 'minContains added'),
  MIN_CONTAINS_REMOVED: r(true, false, 'minContains removed'),
  MIN_CONTAINS_INCREASED: r(false, true, 'minContains increased'),
  MIN_CONTAINS_DECREASED: r(true, false, 'minContains decreased'),
  ADDITIONAL_ITEMS_ADDED: r(true, false, 'items beyond the tuple changed from forbidden to allowed'),
  ADDITIONAL_ITEMS_REMOVED: r(false, true, 'items beyond the tuple became forbidden'),
  ADDITIONAL_ITEMS_NARROWED: r(false, true, 'items beyond the tuple got a schema'),
  ADDITIONAL_ITEMS_EXTENDED: r(true, false, 'items beyond the tuple lost their schema'),
  UNEVALUATED_ITEMS_ADDED: r(true, false, 'unevaluatedItems changed from false to allowed'),
  UNEVALUATED_ITEMS_REMOVED: r(false, true, 'unevaluatedItems changed to false'),
  UNEVALUATED_ITEMS_NARROWED: r(false, true, 'unevaluatedItems got a schema'),
  UNEVALUATED_ITEMS_EXTENDED: r(true, false, 'unevaluatedItems lost its schema'),
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: r(false, true, 'a tuple position was added to an open array'),
  ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: r(
    true,
    true,
    'a tuple position accepting anything was added to an open array',
  ),
  ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: r(true, false, 'a tuple position was removed from an open array'),
  ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: r(true, false, 'a tuple position was added to a closed array'),
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: r(false, true, 'a tuple position was removed from a closed array'),
  ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: r(
    true,
    true,
    'a forbidden (false) tuple position was removed from a closed array',
  ),
  ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    true,
    'depends',
    'a tuple position was added whose schema accepts what additional items accepted',
  ),
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    false,
    'depends',
    'a tuple position was added whose schema rejects values additional items accepted',
  ),
  ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    true,
    'depends',
    'a tuple position was removed and additional items accept its old values',
  ),
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: r(
    false,
    'depends',
    'a tuple position was removed and additional items reject some of its old values',
  ),
  // Composition
  COMBINED_TYPE_CHANGED: r(false, false, 'the combining keyword (allOf/anyOf/oneOf) changed incompatibly'),
  COMBINED_TYPE_EXTENDED: r(
    true,
    false,
    'the combining keyword changed to a weaker one (e.g. oneOf to anyOf)',
  ),
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: r(
    false,
    false,
    'a branch changed and no new branch accepts what it accepted',
  ),
  PRODUCT_TYPE_EXTENDED: r(false, true, 'an allOf branch (or a constraint next to the type) was added'),
  PRODUCT_TYPE_NARROWED: r(true, false, 'an allOf branch (or a constraint next to the type) was removed'),
  SUM_TYPE_EXTENDED: r(true, false, 'an anyOf/oneOf branch (or a type) was added'),
  SUM_TYPE_NARROWED: r(false, true, 'an anyOf/oneOf branch (or a type) was removed'),
  NOT_TYPE_EXTENDED: r(false, true, 'not now excludes more'),
  NOT_TYPE_NARROWED: r(true, false, 'not now excludes less'),
  CONDITIONAL_ADDED: r(false, true, 'an if/then/else was added'),
  CONDITIONAL_REMOVED: r(true, false, 'an if/then/else was removed'),
  CONDITIONAL_IF_CHANGED: r(false, false, 'the if of an if/then/else changed'),
  // Releases
  RELEASE_VERSION_PIN_MOVED: r(
    true,
    true,
    'the schemaVersion pin moved with the release (documents are validated against the release they name)',
  ),
  DOCUMENT_TYPE_ADDED: r(true, false, 'the release adds a document type'),
  DOCUMENT_TYPE_REMOVED: r(false, true, 'the release drops a document type'),
} as const satisfies Record<string, RuleInfo>;

/** A rule id. */
export type DiffRule = keyof typeof DIFF_RULES;

const SWAPS: ReadonlyArray<readonly [string, string]> = [
  ['ADDED_TO', 'REMOVED_FROM'],
  ['ADDED', 'REMOVED'],
  ['INCREASED', 'DECREASED'],
  ['EXTENDED', 'NARROWED'],
  ['REDUCED', 'EXPANDED'],
];

/**
 * The rule that names the same change read from NEW to OLD (MAX_LENGTH_ADDED ↔ MAX_LENGTH_REMOVED),
 * or the rule itself when there is no such name.
 */
export function inverseRule(rule: DiffRule): DiffRule {
  for (const [a, b] of SWAPS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      if (rule.includes(from)) {
        const candidate = rule.replace(from, to);
        if (Object.hasOwn(DIFF_RULES, candidate)) return candidate as DiffRule;
      }
    }
  }
  return rule;
}
