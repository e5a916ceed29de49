/**
 * The README's dashboard query ("A nested query" under "Try it"): my organizations with their
 * members and pending invitations. GraphiQL opens with it; test/explorer/dashboard-query.test.ts
 * checks that the README's curl example sends this same document.
 */
export const DASHBOARD_QUERY = `{
  me {
    email
  }
  organizations(first: 10) {
    totalCount
    edges {
      node {
        id
        name
        viewerCan {
          invite
        }
        members(first: 20, joinedOrder: ASC) {
          totalCount
          edges {
            node {
              role
              status
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
`;
