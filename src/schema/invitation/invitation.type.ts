import { can } from '../../auth/permissions.js';
import { userOf } from '../../auth/principal.js';
import { visibleInvitations } from '../../auth/visibility.js';
import { effectiveStatus } from '../../services/invitation-status.js';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { named } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { UserRef } from '../user/user.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { InvitationStatusEnum, RoleEnum } from '../shared/enums.js';
import { ENTRY_GRANTED } from '../shared/entry-rules.js';

const InvitationPermissions = permissionsType('InvitationPermissions', 'What the caller may do with an invitation, from the rules that guard the mutations.', {
  accept: 'acceptInvitation is allowed: addressed to the caller and pending.',
  decline: 'declineInvitation is allowed: addressed to the caller and pending.',
  resend: 'resendInvitation is allowed.',
  cancel: 'cancelInvitation is allowed.',
});

export const InvitationRef = builder.prismaNode('Invitation', {
  description: 'An invitation of an email address to join an organization with a role.',
  id: { field: 'id', description: 'Global id of the invitation; unguessable.' },
  ...tenantNode(visibleInvitations),
  // The invitee sees its own invitations; in the organization, reading needs invitation:read.
  authScopes: named(
    (invitation: { email: string; organizationId: string }, ctx: Context) =>
      invitation.email === userOf(ctx.principal)?.email
        ? true
        : { orgAction: { organizationId: invitation.organizationId, action: 'invitation.read' as const } },
    'invitation.read',
  ),
  ...reads('email'),
  fields: (t) => ({
    email: t.exposeString('email', { description: 'Invited email address, lower-cased.' }),
    role: t.expose('role', { type: RoleEnum, description: 'Role the invitee gets on accepting.' }),
    status: t.field({
      type: InvitationStatusEnum,
      description: 'Where the invitation stands; a pending invitation past its expiry reads EXPIRED.',
      ...reads('status', 'expiresAt'),
      resolve: (invitation) => effectiveStatus(invitation),
    }),
    message: t.exposeString('message', { nullable: true, description: 'Personal message from the inviter.' }),
    firstName: t.exposeString('firstName', { nullable: true, description: 'First name of the invitee, as the inviter gave it.' }),
    isDelegation: t.exposeBoolean('isDelegation', {
      description: 'An onboarding-delegation invitation (delegateOnboarding): the inviter handed the organization’s setup to the invitee.',
    }),
    stepAtDelegation: t.exposeString('stepAtDelegation', { nullable: true, description: 'For a delegation: the onboarding step the inviter had reached.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'After this, the invitation can no longer be accepted.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the invitation was sent.' }),
    viewerCan: t.field({
      type: InvitationPermissions,
      description: 'What the caller may do with this invitation.',
      ...reads('status', 'expiresAt', 'email', 'role'),
      resolve: async (invitation, _args, ctx) => {
        const pending = effectiveStatus(invitation) === 'PENDING';
        const standing = await ctx.access.standing(invitation.organizationId);
        // A member of the organization has nothing left to accept.
        const addressedToCaller = invitation.email === userOf(ctx.principal)?.email && standing === null;
        const manage = pending && can(standing, 'invitation.manage', invitation.role);
        return { accept: pending && addressedToCaller, decline: pending && addressedToCaller, resend: manage, cancel: manage };
      },
    }),
  }),
});

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Invitation', (t) => ({
  organization: t.field({
    type: OrganizationRef,
    description: 'The organization the invitation is to.',
    // The invitee, who may read its invitation, may read the organization it is invited to (its name, not its data).
    ...relationField('Invitation', 'organization', undefined, ENTRY_GRANTED),
  }),
  invitedBy: t.field({
    type: UserRef,
    nullable: true,
    description: 'Who sent the invitation; null once that user is deleted.',
    ...relationField('Invitation', 'invitedBy'),
  }),
}));
