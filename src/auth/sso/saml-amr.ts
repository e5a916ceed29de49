// SAML says how the person authenticated with an AuthnContextClassRef (SAML 2.0 authentication
// context classes, plus a few that big identity providers use); this server's tokens say it with
// RFC 8176 method references (`amr`), which MFA enforcement reads. A class not in the table says
// nothing (empty `amr`): an unknown class never counts as a second factor.

const SAML_AC = 'urn:oasis:names:tc:SAML:2.0:ac:classes:';

const METHODS_BY_CLASS: Readonly<Record<string, readonly string[]>> = {
  [`${SAML_AC}Password`]: ['pwd'],
  [`${SAML_AC}PasswordProtectedTransport`]: ['pwd'],
  [`${SAML_AC}TimeSyncToken`]: ['otp'],
  [`${SAML_AC}X509`]: ['hwk'],
  [`${SAML_AC}Smartcard`]: ['sc'],
  // SAML defines SmartcardPKI as two factors: the card's private key and its PIN.
  [`${SAML_AC}SmartcardPKI`]: ['sc', 'hwk', 'pin', 'mfa'],
  [`${SAML_AC}MobileTwoFactorContract`]: ['mfa'],
  [`${SAML_AC}MobileTwoFactorUnregistered`]: ['mfa'],
  // Microsoft Entra ID and AD FS after a second factor.
  'http://schemas.microsoft.com/claims/multipleauthn': ['mfa'],
  // REFEDS MFA profile (Okta, Shibboleth and research federations).
  'https://refeds.org/profile/mfa': ['mfa'],
};

/** The RFC 8176 method references of the authentication context classes an assertion reported. */
export function amrOfAuthnContexts(classRefs: readonly string[]): string[] {
  return [...new Set(classRefs.flatMap((classRef) => METHODS_BY_CLASS[classRef.trim()] ?? []))];
}
