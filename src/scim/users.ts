import type { Prisma } from '../db/generated/prisma/client.js';
import { ConflictError } from '../errors.js';
import { diffFields } from '../services/audit.js';
import { isLastActiveOwner } from '../services/members.js';
import { requireFreeSeat } from '../services/seats.js';
import type { Tx } from '../services/transaction.js';
import { badRequest, notFound, notUnique, ScimError } from './errors.js';
import { type FilterAttributes, filterWhere, textValue } from './filter.js';
import { type ListParams, listResponse, pageOf } from './list.js';
import { type ScimCall, type ScimDomain, changeAsDirectory } from './request.js';
import { type UserAttributes, USER_RESOURCE_SELECT, type UserRow, userInput, userResource } from './user-resource.js';
import { userPatch } from './user-patch.js';

// SCIM Users of a domain's directory: the members of its organization whose address lies on the
// domain (another domain's people are not this directory's to see or change). Creating one adds
// the user (or links the existing user with that address) as an ACTIVE member with the domain's
// default role (`jitDefaultRole`, MEMBER unless set) within the seats;
// `active: false` suspends the membership (its seat is freed), `active: true` reactivates it within
// the seats; DELETE ends the membership. The organization's last ACTIVE OWNER is never suspended
// or removed. Each change is one transaction under the organization lock with one audit entry,
// actor SYSTEM `scim:<domainId>`.

/** Members of the organization with an address at the domain. */
export function domainUsers(domain: ScimDomain): Prisma.MemberWhereInput {
  return { organizationId: domain.organizationId, user: { email: { endsWith: `@${domain.domain}` } } };
}

const email = (value: Parameters<typeof textValue>[0]) => ({ user: { email: textValue(value).toLowerCase() } });
const USER_FILTERS: FilterAttributes<Prisma.MemberWhereInput> = {
  id: (value) => ({ id: textValue(value) }),
  username: email,
  emails: email,
  'emails.value': email,
  externalid: (value) => ({ externalId: textValue(value) }),
  active: (value) => ({ status: value === true || value === 'true' ? 'ACTIVE' : 'SUSPENDED' }),
};

export async function listUsers(call: ScimCall, params: ListParams) {
  const where = { AND: [domainUsers(call.domain), filterWhere(params.filter, USER_FILTERS) ?? {}] };
  const [total, rows] = await Promise.all([
    call.ctx.prisma.member.count({ where }),
    params.count === 0
      ? []
      : call.ctx.prisma.member.findMany({ where, select: USER_RESOURCE_SELECT, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...pageOf(params) }),
  ]);
  return listResponse(
    params,
    total,
    rows.map((row) => userResource(call, row)),
  );
}

export async function getUser(call: ScimCall, id: string) {
  const row = await call.ctx.prisma.member.findFirst({ where: { id, ...domainUsers(call.domain) }, select: USER_RESOURCE_SELECT });
  if (!row) throw notFound('User');
  return userResource(call, row);
}

export async function createUser(call: ScimCall, body: unknown) {
  const input = userInput(body);
  requireOnDomain(call.domain, input.email);
  const { organizationId } = call.domain;
  const row = await changeAsDirectory(call, async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing && (await tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId: existing.id } }, select: { id: true } }))) {
      throw notUnique(`${input.email} is already a member of the organization: look it up with filter=userName eq "${input.email}"`);
    }
    if (input.externalId) await requireFreeExternalId(tx, organizationId, input.externalId);
    const active = input.active ?? true;
    if (active) await seatOrConflict(tx, organizationId);
    const userId =
      existing?.id ?? (await tx.user.create({ data: { email: input.email, name: input.name ?? input.email.split('@')[0]! }, select: { id: true } })).id;
    const member = await tx.member.create({
      data: { organizationId, userId, role: call.domain.defaultRole, status: active ? 'ACTIVE' : 'SUSPENDED', externalId: input.externalId },
      select: USER_RESOURCE_SELECT,
    });
    return {
      result: member,
      audit: {
        action: 'scim.user.create',
        targetType: 'Member',
        targetId: member.id,
        changes: { email: input.email, externalId: input.externalId, role: call.domain.defaultRole, status: member.status, userCreated: !existing },
      },
    };
  });
  return userResource(call, row);
}

/** PUT: the attributes the body gives replace the stored ones (an absent externalId clears it; an absent active or name keeps them). */
export async function replaceUser(call: ScimCall, id: string, body: unknown) {
  const input = userInput(body);
  return changeUser(call, id, () => input);
}

export async function patchUser(call: ScimCall, id: string, body: unknown) {
  return changeUser(call, id, (row) => userPatch(body, row));
}

/** DELETE: ends the membership (with its groups, policies and stack access). */
export async function deleteUser(call: ScimCall, id: string): Promise<void> {
  await changeAsDirectory(call, async (tx) => {
    const member = await tx.member.findFirst({ where: { id, ...domainUsers(call.domain) }, include: { user: { select: { email: true } } } });
    if (!member) throw notFound('User');
    await requireNotLastOwner(tx, member, 'removed');
    await tx.member.delete({ where: { id } });
    return {
      result: undefined,
      audit: {
        action: 'scim.user.delete',
        targetType: 'Member',
        targetId: id,
        changes: { email: member.user.email, role: member.role, status: member.status },
      },
    };
  });
}

/** Applies the attributes `attributesOf` derives from the stored member; one audit entry when something changed, none otherwise. */
async function changeUser(call: ScimCall, id: string, attributesOf: (row: UserRow) => UserAttributes) {
  const { organizationId } = call.domain;
  const row = await changeAsDirectory(call, async (tx) => {
    const member = await tx.member.findFirst({
      where: { id, ...domainUsers(call.domain) },
      include: { user: { select: { id: true, email: true, name: true } } },
    });
    if (!member) throw notFound('User');
    const wanted = attributesOf({ ...member, user: member.user });
    const userData: Prisma.UserUpdateInput = {};
    if (wanted.email !== undefined && wanted.email !== member.user.email) {
      requireOnDomain(call.domain, wanted.email);
      if (await tx.user.findUnique({ where: { email: wanted.email }, select: { id: true } })) throw notUnique(`Another user has the address ${wanted.email}`);
      userData.email = wanted.email;
    }
    if (wanted.name !== undefined && wanted.name !== member.user.name) userData.name = wanted.name;
    const memberData: Prisma.MemberUpdateInput = {};
    if (wanted.externalId !== undefined && wanted.externalId !== member.externalId) {
      if (wanted.externalId !== null) await requireFreeExternalId(tx, organizationId, wanted.externalId);
      memberData.externalId = wanted.externalId;
    }
    const status = wanted.active === undefined ? member.status : wanted.active ? 'ACTIVE' : 'SUSPENDED';
    if (status !== member.status) {
      if (status === 'SUSPENDED') await requireNotLastOwner(tx, member, 'suspended');
      else await seatOrConflict(tx, organizationId);
      memberData.status = status;
    }
    const changes = { ...diffFields<object>(member.user, userData), ...diffFields<object>(member, memberData) };
    if (Object.keys(userData).length > 0) await tx.user.update({ where: { id: member.user.id }, data: userData });
    // The member's updatedAt is the resource's lastModified: touched by a change of the user's attributes too.
    const updated = await (Object.keys(changes).length > 0
      ? tx.member.update({ where: { id }, data: { ...memberData, updatedAt: new Date() }, select: USER_RESOURCE_SELECT })
      : tx.member.findUniqueOrThrow({ where: { id }, select: USER_RESOURCE_SELECT }));
    const audit = Object.keys(changes).length > 0 ? { action: 'scim.user.update', targetType: 'Member', targetId: id, changes } : null;
    return { result: updated, audit };
  });
  return userResource(call, row);
}

function requireOnDomain(domain: ScimDomain, address: string): void {
  if (!address.endsWith(`@${domain.domain}`))
    throw badRequest('invalidValue', `userName must be an address at ${domain.domain}, the domain this SCIM token belongs to`);
}

async function requireFreeExternalId(tx: Tx, organizationId: string, externalId: string): Promise<void> {
  const taken = await tx.member.findUnique({ where: { organizationId_externalId: { organizationId, externalId } }, select: { id: true } });
  if (taken) throw notUnique(`Another member of the organization has the externalId ${externalId}`);
}

/** Invariant 1 for the directory: 400 mutability, saying why, when the member is the last ACTIVE OWNER. */
async function requireNotLastOwner(tx: Tx, member: Parameters<typeof isLastActiveOwner>[1], outcome: 'suspended' | 'removed'): Promise<void> {
  if (await isLastActiveOwner(tx, member)) {
    throw new ScimError(
      400,
      `The user is the organization's last active owner and cannot be ${outcome}: make another member an owner in Orgraph first`,
      'mutability',
    );
  }
}

/** The seat check, answered as SCIM's 409 with the license's numbers. */
async function seatOrConflict(tx: Tx, organizationId: string): Promise<void> {
  try {
    await requireFreeSeat(tx, organizationId);
  } catch (error) {
    if (error instanceof ConflictError) throw new ScimError(409, error.message);
    throw error;
  }
}
