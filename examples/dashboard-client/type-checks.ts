import type { DashboardQuery, DashboardQueryVariables } from './generated/graphql.js';

// Compile-time proofs (`npm run examples:check`) that the generated types are the ones a frontend
// wants: custom scalars mapped (DateTime is a string, not `any` or `unknown`), enums as unions,
// variables typed. A wrong mapping fails the type check, not a user.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type Organization = DashboardQuery['organizations']['edges'][number]['node'];
type Member = NonNullable<Organization['members']>['edges'][number]['node'];
type Invitation = NonNullable<Organization['invitations']>['edges'][number]['node'];

export type ScalarMappings = [
  Expect<Equal<Organization['createdAt'], string>>,
  Expect<Equal<Invitation['expiresAt'], string>>,
  Expect<Equal<Organization['id'], string>>,
  Expect<Equal<Member['role'], 'ADMIN' | 'GUEST' | 'MEMBER' | 'OWNER'>>,
  Expect<Equal<Invitation['invitedBy'], { name: string } | null>>,
  Expect<Equal<DashboardQueryVariables['members'], number | null | undefined>>,
];
