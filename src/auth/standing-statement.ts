import { Prisma, type Member } from '../db/generated/prisma/client.js';
import { column } from '../db/sql-fragments.js';
import type { Standing } from './access.js';
import type { UserPrincipal } from './principal.js';
import { isScope, ROLE_SCOPES, roleRank, type Scope } from './scopes.js';
import { sqlSignInRefusal, type SignInRefusalReason } from './sign-in-requirements.js';

// The caller's standing in an organization, read in ONE statement wherever it is needed: the
// membership row, and the scopes of the policies attached to it and to its groups. The role's
// scopes come from the code (ROLE_SCOPES), which a migration test keeps equal to the built-in
// policy rows. Used by the per-request loader, under the organization lock in services, and by
// the organizations page (which reads the viewer's standing in each organization it lists).
// The caller's own standing also says whether its token meets the membership's SSO and MFA
// requirements (sign-in-requirements.ts): a refused member keeps its membership and no scope.

const MEMBER_COLUMNS = [
  'id',
  'organizationId',
  'userId',
  'role',
  'status',
  'requiredSsoAuth',
  'requiredMfaAuth',
  'createdAt',
  'updatedAt',
  'onboardingDelegatedAt',
] as const satisfies readonly (keyof Member)[];

/** The scopes of the policies attached to the membership aliased `alias`, directly and through its groups. */
function attachedScopes(alias: string): Prisma.Sql {
  const id = column(alias, 'id');
  return Prisma.sql`ARRAY(
    SELECT unnest(p."scopes") FROM "MemberPolicy" mp JOIN "Policy" p ON p."id" = mp."policyId" WHERE mp."memberId" = ${id}
    UNION
    SELECT unnest(p."scopes") FROM "GroupMember" gm JOIN "GroupPolicy" gp ON gp."groupId" = gm."groupId" JOIN "Policy" p ON p."id" = gp."policyId" WHERE gm."memberId" = ${id}
  )`;
}

/**
 * The effective application scopes of the membership aliased `alias`: the scopes of applications
 * enabled for its organization that its policies name (all of them for an OWNER, who must be
 * able to grant them), and everything they delegate to, transitively (UNION: cycles end). The
 * enabling row is joined here, so disabling an application takes its scopes away on the next request.
 */
function applicationScopes(alias: string): Prisma.Sql {
  const name = Prisma.sql`('app:' || a."alias" || '/' || s."label")`;
  return Prisma.sql`ARRAY(
    WITH RECURSIVE held("id") AS (
      SELECT s."id" FROM "OrganizationApplication" oa JOIN "Application" a ON a."id" = oa."applicationId" JOIN "ApplicationScope" s ON s."applicationId" = a."id"
      WHERE oa."organizationId" = ${column(alias, 'organizationId')} AND (${column(alias, 'role')} = 'OWNER' OR ${name} = ANY(${attachedScopes(alias)}))
      UNION
      SELECT d."delegatesToId" FROM "ApplicationScopeDelegation" d JOIN held h ON h."id" = d."scopeId"
    )
    SELECT ${name} FROM held h JOIN "ApplicationScope" s ON s."id" = h."id" JOIN "Application" a ON a."id" = s."applicationId"
  )`;
}

const NAMES = [...MEMBER_COLUMNS, 'scopes', 'application_scopes', 'refusal'] as const;

/**
 * Select-list entries for the standing of the membership aliased `alias` (NULLs when it is absent).
 * With `caller`, the membership is the caller's: whether its token meets the membership's sign-in requirements.
 */
function standingColumns(alias: string, caller: UserPrincipal | null): Prisma.Sql[] {
  return [
    ...MEMBER_COLUMNS.map((name) => Prisma.sql`${column(alias, name)} AS ${Prisma.raw(`"s_${name}"`)}`),
    Prisma.sql`${attachedScopes(alias)} AS "s_scopes"`,
    Prisma.sql`${applicationScopes(alias)} AS "s_application_scopes"`,
    Prisma.sql`${caller ? sqlSignInRefusal(caller, alias) : Prisma.sql`NULL`} AS "s_refusal"`,
  ];
}

/**
 * The standing from the values `standingColumns` selected, read through `value(index)`; inactive or
 * absent memberships grant nothing, a membership whose sign-in requirements the token fails grants no scope.
 */
function standingFrom(value: (index: number) => unknown): Standing | null {
  if (value(0) === null || value(4) !== 'ACTIVE') return null;
  const member = Object.fromEntries(MEMBER_COLUMNS.map((name, i) => [name, value(i)])) as unknown as Member;
  const reason = value(MEMBER_COLUMNS.length + 2) as SignInRefusalReason | null;
  if (reason) {
    return { member, role: member.role, rank: 0, scopes: new Set(), applicationScopes: new Set(), refusal: { reason, organizationId: member.organizationId } };
  }
  const scopes = new Set<Scope>(ROLE_SCOPES[member.role]);
  for (const scope of value(MEMBER_COLUMNS.length) as string[]) if (isScope(scope)) scopes.add(scope);
  const applicationScopes = new Set(value(MEMBER_COLUMNS.length + 1) as string[]);
  return { member, role: member.role, rank: roleRank(member.role), scopes, applicationScopes, refusal: null };
}

/** From a row of the SQL reader, the standing columns starting at `offset`. */
export function standingFromRow(row: readonly unknown[], offset: number): Standing | null {
  return standingFrom((i) => row[offset + i]);
}

/** From a record of Prisma's $queryRaw (columns by name). */
export function standingFromRecord(record: Record<string, unknown>): Standing | null {
  return standingFrom((i) => record[`s_${NAMES[i]}`]);
}

/** The caller's standing in each of the organizations: [organizationId, ...standing columns] rows. */
export function standingsOf(caller: UserPrincipal, organizationIds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT m."organizationId", ${Prisma.join(standingColumns('m', caller))} FROM "Member" m WHERE m."userId" = ${caller.userId} AND m."organizationId" = ANY(${organizationIds})`;
}

/** The standings of members by id: [memberId, ...standing columns] rows. */
export function standingsOfMembers(memberIds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT m."id", ${Prisma.join(standingColumns('m', null))} FROM "Member" m WHERE m."id" = ANY(${memberIds})`;
}

/** The caller's standing in the organization `organizationId`, as a lookup beside a row (alias `alias`). */
export function standingBeside(caller: UserPrincipal, organizationId: Prisma.Sql, alias: string): { joins: Prisma.Sql[]; select: Prisma.Sql[] } {
  const join = Prisma.sql`LEFT JOIN LATERAL (SELECT ${Prisma.join(standingColumns('m', caller))} FROM "Member" m WHERE m."organizationId" = ${organizationId} AND m."userId" = ${caller.userId} LIMIT 1) ${Prisma.raw(alias)} ON true`;
  return { joins: [join], select: NAMES.map((name) => Prisma.raw(`${alias}."s_${name}"`)) };
}
