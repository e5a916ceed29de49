import type { Profile } from '@node-saml/node-saml';
import { parseXml2JsFromString } from '@node-saml/node-saml/lib/xml.js';
import { amrOfAuthnContexts } from './saml-amr.js';
import { SamlSignInRefused } from './saml-refused.js';
import type { SignedInIdentity } from './signed-in-identity.js';

// What a validated SAML response says about the person, after the checks node-saml leaves to its
// caller: the assertion's issuer is the organization's provider, and the response was meant for
// our ACS URL (the Response's Destination and every bearer confirmation's Recipient).

const EMAIL_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const TRANSIENT_NAME_ID = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

// Where providers put the email and the display name when the NameID is not the email.
const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'emailaddress',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'urn:oid:0.9.2342.19200300.100.1.3',
];
const NAME_ATTRIBUTES = ['displayName', 'name', 'http://schemas.microsoft.com/identity/claims/displayname', 'urn:oid:2.16.840.1.113730.3.1.241'];

type XmlNode = { $?: Record<string, string>; _?: string } & { [child: string]: XmlNode[] | Record<string, string> | string | undefined };

/** The children named `name` of an xml2js node (prefixes stripped by node-saml's parser). */
function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

function firstString(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
}

function attribute(profile: Profile, names: readonly string[]): string | null {
  for (const name of names) {
    const value = firstString(profile[name]);
    if (value) return value;
  }
  return null;
}

/**
 * The identity a validated response asserts, for completeSignIn. The provider speaks for the
 * organization's verified domains, so its email is vouched for (completeSignIn still refuses one
 * off those domains). A transient NameID is refused: it changes at every sign-in, so it cannot
 * identify the person.
 */
export async function samlSignedInIdentity(
  profile: Profile,
  expected: { organizationId: string; providerEntityId: string; acsUrl: string },
): Promise<SignedInIdentity> {
  if (profile.issuer !== expected.providerEntityId) {
    throw new SamlSignInRefused(`The assertion's issuer is not the organization's identity provider (${expected.providerEntityId})`);
  }
  await requireMeantFor(profile, expected.acsUrl);
  if (!profile.nameID || profile.nameIDFormat === TRANSIENT_NAME_ID) {
    throw new SamlSignInRefused('The assertion has no persistent NameID: configure the identity provider to send a persistent or email NameID');
  }
  const email = profile.nameIDFormat === EMAIL_NAME_ID ? profile.nameID : attribute(profile, EMAIL_ATTRIBUTES);
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const classRefs = children(assertion, 'AuthnStatement')
    .flatMap((statement) => children(statement, 'AuthnContext'))
    .flatMap((context) => children(context, 'AuthnContextClassRef'))
    .flatMap((classRef) => (classRef._ ? [classRef._] : []));
  return {
    organizationId: expected.organizationId,
    protocol: 'saml',
    issuer: profile.issuer,
    subject: profile.nameID,
    email: email?.toLowerCase() ?? null,
    emailVerified: email !== null,
    name: attribute(profile, NAME_ATTRIBUTES),
    amr: amrOfAuthnContexts(classRefs),
  };
}

/** The response names our ACS URL: the Destination when the Response has one, the Recipient of every bearer confirmation (required). */
async function requireMeantFor(profile: Profile, acsUrl: string): Promise<void> {
  const responseXml = profile.getSamlResponseXml?.();
  const response = responseXml ? ((await parseXml2JsFromString(responseXml)) as { Response?: XmlNode }).Response : undefined;
  const destination = response?.$?.Destination;
  if (destination !== undefined && destination !== acsUrl) throw new SamlSignInRefused(`The response's Destination is not ${acsUrl}`);
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const recipients = children(assertion, 'Subject')
    .flatMap((subject) => children(subject, 'SubjectConfirmation'))
    .flatMap((confirmation) => children(confirmation, 'SubjectConfirmationData'))
    .map((data) => data.$?.Recipient);
  if (recipients.length === 0 || recipients.some((recipient) => recipient !== acsUrl)) {
    throw new SamlSignInRefused(`The assertion's subject confirmation Recipient is not ${acsUrl}`);
  }
}
