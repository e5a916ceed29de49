import { isObjectType, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isAction } from '../../src/auth/permissions.js';
import { schema } from '../../src/schema/index.js';
import { entryRuleOf } from '../../src/schema/shared/entry-rules.js';

// Fails closed: every mutation and every type backed by a database model names the actions of
// the one table (src/auth/permissions.ts) that guard it; `authenticated: true` names none.

interface RuleOptions {
  authScopes?: unknown;
}

/** The actions a scope-auth rule names: an object's `action`/`orgAction`, or a named rule's list. */
function actionsOf(rule: unknown): string[] {
  if (typeof rule === 'function') return [...((rule as { actions?: string[] }).actions ?? [])];
  if (rule && typeof rule === 'object') {
    const { action, orgAction } = rule as { action?: string; orgAction?: { action: string } };
    return [action, orgAction?.action].filter((name): name is string => typeof name === 'string');
  }
  return [];
}

function problemsOf(name: string, rule: unknown): string[] {
  const actions = actionsOf(rule);
  if (actions.length === 0) return [`${name}: names no action`];
  return actions.filter((action) => !isAction(action)).map((action) => `${name}: "${action}" is not in the action table`);
}

const optionsOf = (holder: { extensions?: unknown }) =>
  ((holder.extensions as { pothosOptions?: RuleOptions } | undefined)?.pothosOptions ?? {}) as RuleOptions;

describe('every guard names an action of the table', () => {
  it('every mutation', () => {
    const fields = Object.values(schema.getMutationType()!.getFields());
    expect(fields.length).toBeGreaterThan(70);
    expect(fields.flatMap((field) => problemsOf(`Mutation.${field.name}`, optionsOf(field).authScopes))).toEqual([]);
  });

  it('every object type backed by a database model', () => {
    const modelTypes = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLObjectType => isObjectType(type) && Boolean((type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel),
    );
    expect(modelTypes.length).toBeGreaterThan(20);
    // A type on the main path checks its rule where its objects enter the response (entryRule), the others through scope-auth.
    const ruleOf = (type: GraphQLObjectType) => optionsOf(type).authScopes ?? entryRuleOf(type);
    expect(modelTypes.flatMap((type) => problemsOf(type.name, ruleOf(type)))).toEqual([]);
  });

  it('rejects what is not an action', () => {
    expect(problemsOf('X', { authenticated: true })).toEqual(['X: names no action']);
    expect(problemsOf('X', { action: 'member.fly' })).toEqual(['X: "member.fly" is not in the action table']);
  });
});
