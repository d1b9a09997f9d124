import { describe, expect, it } from 'vitest';
import { DIFF_RULES, type DiffRule, inverseRule } from './rules.js';

const rules = Object.keys(DIFF_RULES) as DiffRule[];

describe('the rule table', () => {
  it('gives each rule the forward effect of the rule that names its reverse', () => {
    for (const rule of rules) {
      const inverse = inverseRule(rule);
      const forward = DIFF_RULES[rule].forward;
      if (inverse === rule || forward === 'depends') continue;
      expect({ rule, forward }).toEqual({ rule, forward: DIFF_RULES[inverse].backward });
    }
  });

  it('pairs ADDED with REMOVED, INCREASED with DECREASED, EXTENDED with NARROWED both ways', () => {
    expect(inverseRule('MAX_LENGTH_ADDED')).toBe('MAX_LENGTH_REMOVED');
    expect(inverseRule('MINIMUM_DECREASED')).toBe('MINIMUM_INCREASED');
    expect(inverseRule('TYPE_NARROWED')).toBe('TYPE_EXTENDED');
    expect(inverseRule('MULTIPLE_OF_REDUCED')).toBe('MULTIPLE_OF_EXPANDED');
    expect(inverseRule('PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL')).toBe(
      'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
    );
    for (const rule of rules)
      expect(inverseRule(inverseRule(rule)), rule).toBeOneOf([rule, inverseRule(rule)]);
  });

  it('never marks a change that breaks in both directions as compatible', () => {
    for (const rule of rules.filter((r) => r.endsWith('_CHANGED'))) {
      expect(DIFF_RULES[rule].backward, rule).toBe(false);
    }
  });
});
