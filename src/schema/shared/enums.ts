import { InvitationStatus, MemberStatus, Role } from '../../db/generated/prisma/enums.js';
import { builder } from '../builder.js';

export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'A member’s role in an organization; each role is a built-in set of scopes.',
  values: {
    OWNER: { description: 'Everything, including deleting the organization, assigning its license and making owners.' },
    ADMIN: {
      description:
        'Manages the organization (members, invitations, groups, policies, clients, stacks, regions, applications, features, SSO, domains, integrations, legal documents), up to admin rank.',
    },
    MEMBER: { description: 'Reads the organization, its members, invitations, groups, policies, stacks, regions, applications, features and license.' },
    GUEST: { description: 'Reads the organization and its members.' },
  },
});

export const MemberStatusEnum = builder.enumType(MemberStatus, {
  name: 'MemberStatus',
  description: 'Whether a membership grants access.',
  values: {
    ACTIVE: { description: 'The member has the access of its role.' },
    SUSPENDED: { description: 'The membership is kept but grants no access.' },
  },
});

export const InvitationStatusEnum = builder.enumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'Where an invitation stands; every status but PENDING is final.',
  values: {
    PENDING: { description: 'Sent and not yet answered; can be accepted until it expires.' },
    ACCEPTED: { description: 'The invitee accepted and became a member.' },
    DECLINED: { description: 'The invitee declined.' },
    CANCELLED: { description: 'Cancelled by an admin, or void because the inviter left.' },
    EXPIRED: { description: 'Not answered before its expiry.' },
  },
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { description: 'Oldest or smallest first.' },
    DESC: { description: 'Newest or largest first.' },
  } as const,
});
