import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/http/graphiql/dashboard-query.js';

// One dashboard query: GraphiQL's default tab is the README's "A nested query" example.

describe('the dashboard query', () => {
  it('is the document the README’s nested-query curl example sends', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = readme.slice(readme.indexOf('A nested query'));
    const body = /-d '(\{"query":.*?\})'/.exec(example)?.[1];
    expect(body, 'the README’s nested-query example').toBeDefined();
    const { query } = JSON.parse(body!) as { query: string };
    expect(print(parse(query))).toBe(print(parse(DASHBOARD_QUERY)));
  });
});
