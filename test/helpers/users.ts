import { expectData, type TestApp } from './app.js';

/** Makes the user exist the way a real one does: by sending one request. */
export async function signIn(t: TestApp, email: string): Promise<void> {
  expectData(await t.gql(`{ me { id } }`, {}, { as: email }));
}

/** The database id of the user with this email. */
export async function userIdOf(t: TestApp, email: string): Promise<string> {
  return (await t.prisma.user.findUniqueOrThrow({ where: { email } })).id;
}
