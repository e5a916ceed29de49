import { readFileSync } from 'node:fs';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

// docs/coverage.md maps every REST operation of the source documents to the GraphQL field that
// serves it. This keeps the table honest: every field it names exists, and no source loses rows
// (the operations of each document, counted from the documents when the table was written).

const OPERATIONS_PER_SOURCE: Record<string, number> = {
  '000 Formance': 93,
  '001 My memberships': 4,
  '002 Vulos Identity': 3,
  '003 PostHog': 19,
  '004 Orgs, licenses': 12,
};

interface Row {
  number: number;
  source: string;
  operation: string;
  fields: string[];
}

function tableRows(): Row[] {
  const text = readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) => {
      const [number, source, operation, graphql] = line
        .split('|')
        .slice(1, 5)
        .map((cell) => cell.trim());
      return {
        number: Number(number),
        source: source!,
        operation: operation!,
        fields: [...graphql!.matchAll(/`([A-Za-z]+)\.([A-Za-z]+)`/g)].map((m) => `${m[1]}.${m[2]}`),
      };
    });
}

function fieldExists(path: string): boolean {
  const [typeName, fieldName] = path.split('.') as [string, string];
  const type = schema.getType(typeName);
  return isObjectType(type) && fieldName in type.getFields();
}

describe('docs/coverage.md', () => {
  const rows = tableRows();

  it('numbers its rows 1…n and names a GraphQL field on each', () => {
    expect(rows.map((row) => row.number)).toEqual(rows.map((_, index) => index + 1));
    expect(rows.filter((row) => row.fields.length === 0).map((row) => row.operation)).toEqual([]);
  });

  it('names only fields the schema has', () => {
    const missing = rows.flatMap((row) => row.fields.filter((field) => !fieldExists(field)).map((field) => `#${row.number} ${field}`));
    expect(missing).toEqual([]);
  });

  it('lists every operation of every source document', () => {
    const perSource: Record<string, number> = {};
    for (const row of rows) perSource[row.source] = (perSource[row.source] ?? 0) + 1;
    expect(perSource).toEqual(OPERATIONS_PER_SOURCE);
  });
});
