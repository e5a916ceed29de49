import { type Filter, parse } from 'scim2-parse-filter';
import { badRequest } from './errors.js';

// SCIM `filter` (RFC 7644 §3.4.2.2) to a Prisma `where`, so that the database filters and the page
// reads only its rows. The expression is parsed by scim2-parse-filter; this file only decides which
// attributes and operators become conditions. The identity providers look resources up with `eq`
// (userName, externalId, emails[value eq …], displayName), combined with and/or: other operators,
// and attributes a resource type does not list, are refused (400 invalidFilter), never ignored.

type Value = string | number | boolean | null;

/** The `eq` condition of each filterable attribute: lower-case name (a valuePath as `emails.value`) → where. */
export type FilterAttributes<W> = Record<string, (value: Value) => W>;

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/;

/** The attribute name as the map keys it: lower-case, without the core schema's URN. */
const attributeName = (path: string) => path.toLowerCase().replace(CORE_PREFIX, '');

/** The condition of `filter`, or undefined without one; 400 invalidFilter when it cannot be parsed or used. */
export function filterWhere<W>(filter: string | null, attributes: FilterAttributes<W>): W | undefined {
  if (filter === null || filter.trim() === '') return undefined;
  let ast: Filter;
  try {
    ast = parse(filter);
  } catch (error) {
    throw badRequest('invalidFilter', `The filter cannot be parsed: ${(error as Error).message}`);
  }
  return conditionOf(ast, attributes, '');
}

function conditionOf<W>(ast: Filter, attributes: FilterAttributes<W>, parent: string): W {
  switch (ast.op) {
    case 'and':
      return { AND: ast.filters.map((f) => conditionOf(f, attributes, parent)) } as W;
    case 'or':
      return { OR: ast.filters.map((f) => conditionOf(f, attributes, parent)) } as W;
    case '[]':
      return conditionOf(ast.valFilter, attributes, `${attributeName(ast.attrPath)}.`);
    case 'eq': {
      const name = parent + attributeName(ast.attrPath);
      const condition = attributes[name];
      if (!condition) throw badRequest('invalidFilter', `Filtering on ${name} is not supported: use ${Object.keys(attributes).join(', ')}`);
      return condition(ast.compValue);
    }
    default:
      throw badRequest('invalidFilter', `The operator ${ast.op} is not supported: only eq, and, or and value paths ([…]) are`);
  }
}

/** The filter's value as text (SCIM string attributes); 400 invalidFilter for a number, boolean or null. */
export function textValue(value: Value): string {
  if (typeof value !== 'string') throw badRequest('invalidFilter', `Expected a string value, got ${JSON.stringify(value)}`);
  return value;
}
