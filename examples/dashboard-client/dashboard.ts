import { graphql } from './generated/gql.js';
import type { DashboardQuery } from './generated/graphql.js';

/** "My organizations with their members and pending invitations", in one request. */
export const DashboardDocument = graphql(`
  query Dashboard($organizations: Int = 10, $members: Int = 20) {
    me {
      email
    }
    organizations(first: $organizations) {
      totalCount
      edges {
        node {
          id
          name
          createdAt
          viewerCan {
            invite
          }
          members(first: $members, joinedOrder: ASC) {
            totalCount
            edges {
              node {
                role
                status
                createdAt
                user {
                  name
                  email
                }
              }
            }
          }
          invitations(status: [PENDING]) {
            edges {
              node {
                email
                role
                expiresAt
                invitedBy {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** The dashboard as lines of text: one per organization, its members and pending invitations. */
export function dashboardLines(data: DashboardQuery): string[] {
  const lines = [`${data.me.email}: ${data.organizations.totalCount} organization(s)`];
  for (const { node: organization } of data.organizations.edges) {
    const since = new Date(organization.createdAt).toISOString().slice(0, 10);
    lines.push(`${organization.name} (since ${since}; you ${organization.viewerCan.invite ? 'can' : 'cannot'} invite)`);
    // null where the caller may not list them (member:read, invitation:read)
    for (const { node: member } of organization.members?.edges ?? []) {
      lines.push(`  ${member.role.padEnd(6)} ${member.user.name} <${member.user.email}>${member.status === 'ACTIVE' ? '' : ` (${member.status})`}`);
    }
    for (const { node: invitation } of organization.invitations?.edges ?? []) {
      const by = invitation.invitedBy ? ` by ${invitation.invitedBy.name}` : '';
      lines.push(`  invited ${invitation.email} as ${invitation.role}${by}, until ${invitation.expiresAt.slice(0, 10)}`);
    }
  }
  return lines;
}
