import { expect } from 'vitest';
import { errorCodes, type TestApp } from './app.js';
import { expectNoChange, type Snapshot } from './no-change.js';
import { expectRefusedMutation } from './mutations.js';

// The three ways the API turns a caller away. An outsider (no membership) learns nothing: what
// another organization holds answers NOT_FOUND, as if it did not exist. A member without the
// scope is refused with FORBIDDEN. Nobody signed in gets UNAUTHENTICATED.

/** `node(id)` asking for nothing but the id: the generic path to any object. */
export const NODE_ID = `query($id: ID!) { node(id: $id) { id } }`;

/** A query and its variables. */
export type Read = readonly [document: string, variables: Record<string, unknown>];

/** Each read answers `outsider` exactly NOT_FOUND. */
export async function expectHidden(t: TestApp, outsider: string, reads: Read[]): Promise<void> {
  for (const [document, variables] of reads) {
    expect(errorCodes(await t.gql(document, variables, { as: outsider })), document).toEqual(['NOT_FOUND']);
  }
}

/**
 * A read of one object refused to `member`: `field` is null, and every error is FORBIDDEN (each
 * field of the object refuses on its own, so the code may repeat).
 */
export async function expectObjectForbidden(t: TestApp, member: string, [document, variables]: Read, field: string): Promise<void> {
  const response = await t.gql(document, variables, { as: member });
  expect(response.data?.[field], document).toBeNull();
  expect(new Set(errorCodes(response))).toEqual(new Set(['FORBIDDEN']));
}

/** A read with one field refused to `member`: the data comes back as `data` (that field null) with a single FORBIDDEN. */
export async function expectFieldForbidden(t: TestApp, member: string, [document, variables]: Read, data: unknown): Promise<void> {
  const response = await t.gql(document, variables, { as: member });
  expect(response.data, document).toEqual(data);
  expect(errorCodes(response)).toEqual(['FORBIDDEN']);
}

/** The three paths to an organization's objects of one kind, and the fields they answer in. */
export interface ReadPaths {
  /** The object's own query, e.g. `integration(id:)`, and that field's name. */
  object: Read;
  objectField: string;
  /** node(id) of the same object. */
  node: Read;
  /** The organization's list of them, and the list field's name. */
  list: Read;
  listField: string;
}

/**
 * An organization's object as the two kinds of stranger see it: NOT_FOUND by every path to the
 * outsider; to the member without the read scope, the object null and the list null, FORBIDDEN.
 */
export async function expectReadDenied(t: TestApp, paths: ReadPaths, who: { outsider: string; member: string }): Promise<void> {
  await expectHidden(t, who.outsider, [paths.object, paths.node, paths.list]);
  await expectObjectForbidden(t, who.member, paths.object, paths.objectField);
  await expectFieldForbidden(t, who.member, paths.list, { organization: { [paths.listField]: null } });
}

/**
 * A mutation turned away all three ways, each changing nothing (as `snapshot` sees it):
 * NotFoundError for `outsider`, ForbiddenError for `member`, UNAUTHENTICATED for an anonymous
 * caller. Returns the outsider's NotFoundError, whose `resource` says what was hidden.
 */
export async function expectMutationDenied(
  t: TestApp,
  snapshot: Snapshot,
  document: string,
  input: Record<string, unknown>,
  who: { outsider: string; member: string },
) {
  const notFound = await expectRefusedMutation(t, snapshot, document, input, who.outsider, 'NotFoundError');
  await expectRefusedMutation(t, snapshot, document, input, who.member, 'ForbiddenError');
  const anonymous = await expectNoChange(t, snapshot, () => t.gql(document, { input }));
  expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  return notFound;
}
