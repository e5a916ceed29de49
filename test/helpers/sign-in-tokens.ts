import { mintUserToken, type SignInFacts } from '../../src/auth/tokens.js';
import type { TestApp } from './app.js';

// Tokens carrying how their user signed in (amr, sso_org, idp), as the SSO sign-in mints them:
// what SSO and MFA enforcement look at. `t.tokenFor` mints plain ones (no amr, no organization).

/** A token of this server for `email`, saying how the user signed in. */
export function tokenSignedIn(t: TestApp, email: string, facts: SignInFacts): Promise<string> {
  return mintUserToken(t.signingKey, t.config.tokens, { email }, facts);
}
