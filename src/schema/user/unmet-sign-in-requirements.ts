import { encodeGlobalID } from '@pothos/plugin-relay';
import { userOf } from '../../auth/principal.js';
import { sqlSignInRefusal, type SignInRefusalReason } from '../../auth/sign-in-requirements.js';
import { ssoSignInUrl } from '../../auth/sso/urls.js';
import type { Context } from '../../context.js';
import { Prisma } from '../../db/generated/prisma/client.js';
import { builder } from '../builder.js';
import { SignInRequirementEnum } from '../shared/errors.js';
import { reads } from '../shared/selected-columns.js';

// The organizations a refused member belongs to are left out of its lists, as their data is: this
// field tells a frontend which they are and where to sign in, so that it can send the user there
// instead of showing nothing. One statement, only when selected. Its objects are built by that
// statement, not read from a page: `reads()` says so to the read-path test.

interface UnmetRequirement {
  organizationId: string;
  organizationName: string;
  reason: SignInRefusalReason;
}

const UnmetRequirementRef = builder.objectRef<UnmetRequirement>('UnmetSignInRequirement').implement({
  description: 'An organization the caller is an active member of, whose SSO or MFA requirement the caller’s token does not meet.',
  fields: (t) => ({
    organizationId: t.id({ description: 'Global id of the organization.', ...reads(), resolve: (row) => encodeGlobalID('Organization', row.organizationId) }),
    organizationName: t.exposeString('organizationName', { description: 'Name of the organization, to tell the user where to sign in.' }),
    reason: t.field({ type: SignInRequirementEnum, description: 'What the token lacks.', ...reads(), resolve: (row) => row.reason }),
    signInUrl: t.string({
      nullable: true,
      description: 'For SSO_REQUIRED: where to sign in through the organization’s identity provider.',
      ...reads(),
      resolve: (row, _args, ctx) => (row.reason === 'SSO_REQUIRED' ? ssoSignInUrl(ctx.settings.publicUrl, row.organizationId) : null),
    }),
  }),
});

builder.prismaObjectFields('User', (t) => ({
  unmetSignInRequirements: t.field({
    type: [UnmetRequirementRef],
    description:
      'For the caller: the organizations it belongs to whose SSO or MFA requirement its token does not meet, oldest membership first (they are left out of `organizations` and `memberships` until it signs in as required). Empty for any other user.',
    ...reads(),
    resolve: (user, _args, ctx) => unmetRequirements(ctx, user.id),
  }),
}));

async function unmetRequirements(ctx: Context, userId: string): Promise<UnmetRequirement[]> {
  const caller = userOf(ctx.principal);
  if (caller?.userId !== userId) return [];
  const rows = await ctx.sql.rows(Prisma.sql`
    SELECT r."organizationId", r."name", r."refusal" FROM (
      SELECT m."organizationId", o."name", m."createdAt", m."id", ${sqlSignInRefusal(caller, 'm')} AS "refusal"
      FROM "Member" m JOIN "Organization" o ON o."id" = m."organizationId"
      WHERE m."userId" = ${userId} AND m."status" = 'ACTIVE'
    ) r WHERE r."refusal" IS NOT NULL ORDER BY r."createdAt", r."id"`);
  return rows.map(([organizationId, organizationName, reason]) => ({
    organizationId: organizationId as string,
    organizationName: organizationName as string,
    reason: reason as SignInRefusalReason,
  }));
}
