import { expectRefusedWith } from './mutations.js';
import { snapshotOf } from './no-change.js';

// What the SSO tests and the domain tests share: a domain can enforce the organization's SSO
// provider, so each domain's mutations can touch the other's rows.

/** A SAML signing certificate of the right shape (its body is base64, not a real X.509 certificate). */
export const CERTIFICATE = `-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2VydGlmaWNhdGUgZm9yIHRlc3Rz\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END CERTIFICATE-----`;

/** Everything an SSO or domain mutation could touch, to show that a refused one changed nothing. */
export const snapshot = snapshotOf(['authProvider', 'externalGroup', 'domain', 'scimLog']);

/** A refused SSO or domain mutation: the expected typed error, and nothing written. */
export const expectRefused = expectRefusedWith(snapshot);
