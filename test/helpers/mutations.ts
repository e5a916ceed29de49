import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { expectData, type RequestOptions, type TestApp } from './app.js';
import type { Snapshot } from './no-change.js';

// Running a mutation under test and checking what it wrote, shared by the domain test folders.
// Documents alias their mutation field as `result`: `mutation($input: …) { result: createX(input: $input) { … } }`.

/** What a mutation document asks of a typed error: its code and message, the missing resource, the invalid fields. */
export const FAILURE = `... on Error { code message } ... on NotFoundError { resource } ... on ValidationError { fields { path message } }`;

/** A mutation document in that form: `field` aliased `result`, the typed errors, and `payload` (fragments on the payload type). */
export const mutationDocument = (field: string, inputType: string, payload: string) =>
  `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payload} } }`;

/** Who calls: a user's email, request options (a client's { token }), or nobody (anonymous). */
export type Caller = string | RequestOptions | undefined;

const optionsOf = (as: Caller): RequestOptions => (typeof as === 'string' ? { as } : (as ?? {}));

/** Runs a mutation with an x-request-id (a fresh one unless given); returns the response, the `result` union value and the request id. */
export async function runMutation(t: TestApp, document: string, input: Record<string, unknown>, as?: Caller, requestId: string = randomUUID()) {
  const options = optionsOf(as);
  const response = await t.gql(document, { input }, { ...options, headers: { ...options.headers, 'x-request-id': requestId } });
  return { response, result: response.data?.result as any, requestId };
}

/** Runs a mutation that must not fail at the GraphQL level (it throws with the errors) and returns its `result` union value. */
export async function mutate(t: TestApp, document: string, input: Record<string, unknown>, as?: Caller, requestId?: string): Promise<any> {
  const { response } = await runMutation(t, document, input, as, requestId);
  return expectData<any>(response).result;
}

/**
 * A refused mutation: the typed error `expected` (or, for UNAUTHENTICATED, that top-level code)
 * and an unchanged database, as `snapshot` sees everything the mutation could touch.
 */
export async function expectRefusedMutation(t: TestApp, snapshot: Snapshot, document: string, input: Record<string, unknown>, as: Caller, expected: string) {
  const before = await snapshot(t);
  const { response, result } = await runMutation(t, document, input, as);
  if (expected === 'UNAUTHENTICATED') {
    expect(response.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
  } else {
    expect(result, JSON.stringify(response)).toMatchObject({ __typename: expected });
  }
  expect(await snapshot(t)).toEqual(before);
  return result;
}

/** expectRefusedMutation for one domain: its tests pass the document, input, caller and expected error. */
export const expectRefusedWith = (snapshot: Snapshot) => (t: TestApp, document: string, input: Record<string, unknown>, as: Caller, expected: string) =>
  expectRefusedMutation(t, snapshot, document, input, as, expected);

export interface ExpectedAudit {
  payload: string;
  action: string;
  organizationId: string | null;
  targetType: string;
  targetId?: string;
}

/** A successful mutation by the user `as`: its payload, and exactly one new audit entry, of this request, which it returns. */
export async function expectAuditedMutation(t: TestApp, document: string, input: Record<string, unknown>, as: string, expected: ExpectedAudit) {
  const before = new Set((await t.prisma.auditLog.findMany({ select: { id: true } })).map((e) => e.id));
  const { response, result, requestId } = await runMutation(t, document, input, as);
  expect(result?.__typename, JSON.stringify(response)).toBe(expected.payload);
  const entries = (await t.prisma.auditLog.findMany()).filter((e) => !before.has(e.id));
  expect(entries).toHaveLength(1);
  const actor = await t.prisma.user.findUniqueOrThrow({ where: { email: as } });
  expect(entries[0]).toMatchObject({
    action: expected.action,
    actorType: 'USER',
    actorId: actor.id,
    requestId,
    organizationId: expected.organizationId,
    targetType: expected.targetType,
    ...(expected.targetId ? { targetId: expected.targetId } : {}),
  });
  return { result, entry: entries[0]! };
}
