import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';

const diff = (before: unknown, after: unknown) =>
  diffSchemas(
    { root: { uri: 'file:///old.json', schema: before } },
    { root: { uri: 'file:///new.json', schema: after } },
  );

describe('each change carries both effects', () => {
  it('marks a change forward-breaking when the reverse reading breaks inside it', () => {
    const result = diff(
      { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
      {
        type: 'object',
        properties: { at: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] } },
      },
    );
    expect(result.compatibility).toEqual({ backward: true, forward: false });
    const extended = result.changes.find((c) => c.rule === 'SUM_TYPE_EXTENDED');
    expect(extended).toMatchObject({ oldPath: '/properties/at', backward: true, forward: false });
  });

  it('keeps a change forward-compatible when the reverse reading breaks elsewhere', () => {
    const result = diff(
      { type: 'object', properties: { a: { type: 'string', maxLength: 5 }, b: { type: 'integer' } } },
      { type: 'object', properties: { a: { type: 'string', maxLength: 3 }, b: { type: 'number' } } },
    );
    const byRule = Object.fromEntries(result.changes.map((c) => [c.rule, c]));
    expect(byRule.MAX_LENGTH_DECREASED).toMatchObject({ backward: false, forward: true });
    expect(byRule.TYPE_EXTENDED).toMatchObject({ oldPath: '/properties/b', backward: true, forward: false });
  });

  it('lists a change only the reverse reading sees, named as read from OLD to NEW', () => {
    const result = diff(false, { type: 'string' });
    expect(result.compatibility).toEqual({ backward: true, forward: false });
    expect(result.changes).toEqual([
      expect.objectContaining({ rule: 'TYPE_EXTENDED', backward: true, forward: false }),
    ]);
  });
});
