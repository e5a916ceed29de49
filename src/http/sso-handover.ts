import type { SignedIn } from '../auth/sso/complete-sign-in.js';
import type { MembershipOutcome } from '../services/jit-provisioning.js';
import { escapeHtml } from '../mail/invitation-email.js';
import { htmlPage, PAGE_HEADERS } from './html-page.js';

// How a finished SSO sign-in hands its token over, and how a failed one ends. With a `return_to`
// page (its origin allow-listed), the browser goes there with the token in the URL fragment, which
// browsers never send to servers or in Referer headers; without one, a page of this server shows
// the token and how to use it. Failures end on a page (or JSON, for a client that asks for it)
// with a status that says whose fault it was: never a 500.

/** A sign-in that cannot go on: the status and an OAuth-style error code, and what to tell the person. */
export class SignInFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MEMBERSHIP_NOTES: Record<MembershipOutcome, string> = {
  created: 'You were added to the organization (just-in-time provisioning).',
  existing: 'You are a member of the organization.',
  none: 'You are not a member of the organization: ask an administrator for an invitation.',
  no_seat: 'You were not added to the organization: every seat of its license is taken. Ask an administrator to free a seat or add seats, then sign in again.',
};

/** The token, to `returnTo`'s fragment or on a page. */
export function signedInResponse(signedIn: SignedIn, organizationId: string, returnTo: string | null, clearCookie: string): Response {
  const facts = {
    access_token: signedIn.token,
    token_type: 'Bearer',
    expires_in: String(signedIn.expiresIn),
    organization_id: organizationId,
    membership: signedIn.membership.outcome,
  };
  const headers = { ...PAGE_HEADERS, 'set-cookie': clearCookie };
  if (returnTo) return new Response(null, { status: 303, headers: { ...headers, location: withFragment(returnTo, facts) } });
  const body = htmlPage(
    'Signed in',
    `<p>Signed in as <strong>${escapeHtml(signedIn.user.email)}</strong>. ${escapeHtml(MEMBERSHIP_NOTES[signedIn.membership.outcome])}</p>
<p>Your token, valid for ${signedIn.expiresIn} seconds:</p>
<pre id="token" style="background: #f4f4f4; padding: 1rem; white-space: pre-wrap; word-break: break-all">${escapeHtml(signedIn.token)}</pre>
<p>Send it with every request to <code>/graphql</code> in the header <code>Authorization: Bearer &lt;token&gt;</code>, for example:</p>
<pre style="background: #f4f4f4; padding: 1rem; overflow-x: auto">curl -H 'Authorization: Bearer …' -H 'content-type: application/json' \\
  -d '{"query":"{ me { email } }"}' ${escapeHtml('<server>/graphql')}</pre>
<p>Keep it secret: it acts as you.</p>`,
  );
  return new Response(body, { status: 200, headers });
}

/** A failed sign-in: back to `returnTo` with the error in the fragment when known, else a page or JSON. */
export function signInFailureResponse(request: Request, failure: SignInFailure, returnTo: string | null, clearCookie?: string): Response {
  const cookie: Record<string, string> = clearCookie ? { 'set-cookie': clearCookie } : {};
  if (returnTo) {
    const location = withFragment(returnTo, { error: failure.code, error_description: failure.message });
    return new Response(null, { status: 303, headers: { ...PAGE_HEADERS, ...cookie, location } });
  }
  if (!(request.headers.get('accept') ?? '').includes('text/html')) {
    return new Response(JSON.stringify({ error: failure.code, error_description: failure.message }), {
      status: failure.status,
      headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', ...cookie },
    });
  }
  const body = htmlPage('Sign-in failed', `<p>${escapeHtml(failure.message)}</p><p>Error code: <code>${escapeHtml(failure.code)}</code></p>`);
  return new Response(body, { status: failure.status, headers: { ...PAGE_HEADERS, ...cookie } });
}

function withFragment(url: string, facts: Record<string, string>): string {
  const target = new URL(url);
  target.hash = new URLSearchParams(facts).toString();
  return target.href;
}
