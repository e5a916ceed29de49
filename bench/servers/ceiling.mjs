// The stack's ceiling: graphql-yoga + @envelop/graphql-jit executing the org-page query over a
// schema of Orgraph's shape, its root resolver answered by the one statement of limit.sql and
// everything below by default resolvers. No Prisma, no Pothos, no auth: what HTTP, parsing,
// validation, execution and serialisation cost on their own.
// Env: DATABASE_URL, PORT, VIEWER_EMAIL (default bench@example.test).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';

const text = readFileSync(new URL('../org-page/limit.sql', import.meta.url), 'utf8');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const values = [process.env.VIEWER_EMAIL ?? 'bench@example.test'];

const typeDefs = /* GraphQL */ `
  enum Role { OWNER ADMIN MEMBER GUEST }
  enum InvitationStatus { PENDING ACCEPTED DECLINED CANCELLED EXPIRED }
  enum StackStatus { ACTIVE DISABLED }
  type Query { organizations(first: Int): OrganizationsConnection! }
  type OrganizationsConnection { edges: [OrganizationEdge!]! }
  type OrganizationEdge { node: Organization! }
  type OrganizationPermissions { update: Boolean! delete: Boolean! manageMembers: Boolean! invite: Boolean! leave: Boolean! }
  type Organization {
    name: String!
    viewerCan: OrganizationPermissions!
    members(first: Int): MembersConnection
    invitations(first: Int, status: [InvitationStatus!]): InvitationsConnection
    stacks(first: Int): StacksConnection
  }
  type MembersConnection { edges: [MemberEdge!]! }
  type MemberEdge { node: Member! }
  type Member { role: Role! user: User! }
  type User { name: String! email: String! }
  type InvitationsConnection { edges: [InvitationEdge!]! }
  type InvitationEdge { node: Invitation! }
  type Invitation { email: String! role: Role! }
  type StacksConnection { edges: [StackEdge!]! }
  type StackEdge { node: Stack! }
  type Stack { name: String! status: StackStatus! region: Region! }
  type Region { name: String! }
`;
// The statement fixes the page sizes and filters: a ceiling, not an API.
const resolvers = {
  Query: {
    organizations: async () => JSON.parse((await pool.query({ name: 'org_page', text, values, rowMode: 'array' })).rows[0][0]).data.organizations,
  },
};
const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), plugins: [useGraphQlJit()], graphiql: false, landingPage: false, logging: false });
const server = http.createServer(yoga);
server.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
