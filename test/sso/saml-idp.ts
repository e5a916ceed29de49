import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

// A SAML identity provider built in the test: a key pair with a self-signed certificate made by
// openssl, and responses signed with xml-crypto (the library node-saml itself verifies with).

export interface IdpKeys {
  privateKey: string;
  certificate: string;
}

/** A fresh RSA key pair and a self-signed certificate (openssl), PEM. */
export function generateIdpKeys(): IdpKeys {
  const folder = mkdtempSync(path.join(tmpdir(), 'saml-idp-'));
  try {
    const [key, cert] = [path.join(folder, 'key.pem'), path.join(folder, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', '/CN=test-idp', '-keyout', key, '-out', cert], {
      stdio: 'ignore',
    });
    return { privateKey: readFileSync(key, 'utf8'), certificate: readFileSync(cert, 'utf8').trim() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What the AuthnRequest of a start redirect says (HTTP-Redirect binding: deflated, base64). */
export interface ReceivedAuthnRequest {
  xml: string;
  id: string;
  issuer: string;
  destination: string;
  acsUrl: string;
  relayState: string | null;
}

export function receivedAuthnRequest(location: URL): ReceivedAuthnRequest {
  const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? '';
  return {
    xml,
    id: attribute('ID'),
    destination: attribute('Destination'),
    acsUrl: attribute('AssertionConsumerServiceURL'),
    issuer: /<saml:Issuer[^>]*>([^<]*)<\/saml:Issuer>/.exec(xml)?.[1] ?? '',
    relayState: location.searchParams.get('RelayState'),
  };
}

export interface AssertionFacts {
  issuer: string;
  inResponseTo?: string;
  audience: string;
  /** Recipient of the bearer confirmation and Destination of the Response. */
  recipient: string;
  destination?: string;
  nameId: string;
  nameIdFormat?: string;
  authnContextClassRef?: string;
  attributes?: Record<string, string>;
  /** Validity window, from now, in seconds. */
  notBeforeSeconds?: number;
  notOnOrAfterSeconds?: number;
  /** The bearer confirmation's NotOnOrAfter, from now, in seconds (by default the conditions'). */
  confirmationNotOnOrAfterSeconds?: number;
  /** Signing keys; null: nothing is signed. */
  signWith?: IdpKeys | null;
  /** What is signed: the assertion (by default), or only the Response around it. */
  signed?: 'assertion' | 'response';
}

const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const instant = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString();
const samlId = () => `_${randomBytes(16).toString('hex')}`;

/** A Response with one assertion, signed (RSA-SHA256, exclusive c14n) unless `signWith` is null; base64, as POSTed. */
export function samlResponse(facts: AssertionFacts, keys: IdpKeys): string {
  const inResponseTo = facts.inResponseTo === undefined ? '' : ` InResponseTo="${xmlText(facts.inResponseTo)}"`;
  const attributes = Object.entries(facts.attributes ?? {})
    .map(([name, value]) => `<saml:Attribute Name="${xmlText(name)}"><saml:AttributeValue>${xmlText(value)}</saml:AttributeValue></saml:Attribute>`)
    .join('');
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${samlId()}" Version="2.0" IssueInstant="${instant()}">` +
    `<saml:Issuer>${xmlText(facts.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${facts.nameIdFormat ?? EMAIL_FORMAT}">${xmlText(facts.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${instant(facts.confirmationNotOnOrAfterSeconds ?? facts.notOnOrAfterSeconds ?? 300)}" Recipient="${xmlText(facts.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${instant(facts.notBeforeSeconds ?? -30)}" NotOnOrAfter="${instant(facts.notOnOrAfterSeconds ?? 300)}"><saml:AudienceRestriction><saml:Audience>${xmlText(facts.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant()}" SessionIndex="${samlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>${facts.authnContextClassRef ?? PASSWORD}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`;
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${samlId()}" Version="2.0" IssueInstant="${instant()}" Destination="${xmlText(facts.destination ?? facts.recipient)}"${inResponseTo}>` +
    `<saml:Issuer>${xmlText(facts.issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `${assertion}</samlp:Response>`;
  const signer = facts.signWith === undefined ? keys : facts.signWith;
  return Buffer.from(signer ? signed(response, signer, facts.signed ?? 'assertion') : response, 'utf8').toString('base64');
}

function signed(xml: string, keys: IdpKeys, element: 'assertion' | 'response'): string {
  const target = element === 'assertion' ? "//*[local-name(.)='Assertion']" : "/*[local-name(.)='Response']";
  const signature = new SignedXml({
    privateKey: keys.privateKey,
    publicCert: keys.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath: target,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // Where SAML puts it: right after the signed element's Issuer.
  signature.computeSignature(xml, { location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signature.getSignedXml();
}
