import type { SamlSignInRefused } from '../auth/sso/saml-refused.js';
import { escapeHtml } from '../mail/invitation-email.js';

// What a browser sees at the end of a SAML sign-in that has no frontend to return to: the token,
// or why the sign-in was refused. Self-contained pages (no scripts, no outside resources).

const PAGE_HEADERS = {
  'content-type': 'text/html;charset=UTF-8',
  'cache-control': 'no-store',
  // The token must not leak to other sites through links or loaded resources.
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' };

function page(title: string, body: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: sans-serif; max-width: 42rem; margin: 2rem auto; line-height: 1.5">
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** Whether the caller is a browser (it asked for HTML) rather than a program (JSON). */
function wantsHtml(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('text/html');
}

/** The signed-in person's token, to copy into an API client (GraphiQL's Headers tab, curl). */
export function signedInPage(request: Request, token: { accessToken: string; expiresIn: number; email: string }): Response {
  if (!wantsHtml(request)) {
    const body = { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn };
    return new Response(JSON.stringify(body), { status: 200, headers: JSON_HEADERS });
  }
  const minutes = Math.round(token.expiresIn / 60);
  const body = `<p>You are signed in as <strong>${escapeHtml(token.email)}</strong>. Send this token to <code>/graphql</code> as <code>Authorization: Bearer …</code>; it expires in ${minutes} minutes.</p>
<textarea readonly rows="8" style="width: 100%; font-family: monospace">${escapeHtml(token.accessToken)}</textarea>`;
  return new Response(page('Signed in', body), { status: 200, headers: PAGE_HEADERS });
}

/** A refused sign-in: its status, and the reason as a page (browsers) or as an OAuth-style error (programs). */
export function refusedSignIn(request: Request, refusal: SamlSignInRefused): Response {
  const error = refusal.status === 400 ? 'invalid_request' : 'access_denied';
  if (!wantsHtml(request)) {
    return new Response(JSON.stringify({ error, error_description: refusal.message }), { status: refusal.status, headers: JSON_HEADERS });
  }
  const body = `<p>${escapeHtml(refusal.message)}</p>
<p>Try again from your organization’s sign-in link; if this keeps happening, show this message to whoever administers your identity provider.</p>`;
  return new Response(page('Sign-in refused', body), { status: refusal.status, headers: PAGE_HEADERS });
}
