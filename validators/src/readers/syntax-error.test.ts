import { describe, expect, it } from 'vitest';
import { readJson } from './json.js';
import { readNdjson } from './ndjson.js';
import { syntaxErrorOffset } from './syntax-error.js';

async function syntaxIssue(reader: typeof readJson, text: string) {
  for await (const record of reader([Buffer.from(text)], { source: 'f' }))
    for (const found of record.issues) if (found.code === 'JSON_SYNTAX') return found;
  return undefined;
}

describe('syntaxErrorOffset', () => {
  it.each([
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['[1,,2]', 3],
    ['{"a":tru}', 5],
    ['"tab\there"', 4],
    ['{"a":1} x', 8],
    ['{"a":"\\x"}', 6],
    ['[01]', 2],
    ['{"a":', 5],
  ])('finds where %j goes wrong (%i)', (text, offset) => {
    expect(syntaxErrorOffset(text)).toBe(offset);
  });

  it.each(['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' 1 '])('accepts %j', (text) => {
    expect(syntaxErrorOffset(text)).toBeUndefined();
  });
});

describe('JSON syntax errors name the line and column in the file', () => {
  it('for an element of a JSON array that starts mid-line and spans lines', async () => {
    const found = await syntaxIssue(readJson, '[\n{"a":1},\n{"b":\n 2,,}\n]\n');
    expect(found?.params).toMatchObject({ line: 4, column: 4 });
    expect(found?.message).toMatch(/^not well-formed JSON at line 4, column 4: /);
    const mid = await syntaxIssue(readJson, '  [{"a":1}, {"b":,\n}]');
    expect(mid?.params).toMatchObject({ line: 1, column: 18 });
  });

  it('for an NDJSON line', async () => {
    const found = await syntaxIssue(readNdjson, '{"a":1}\n\n{"a":1,"b"}\n');
    expect(found?.params).toMatchObject({ line: 3, column: 11 });
  });
});
