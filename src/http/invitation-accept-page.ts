import { escapeHtml } from '../mail/invitation-email.js';
import { PAGE_HEADERS } from './html-page.js';

// GET /invitations/accept?token=…: where an invitation email's link points unless
// INVITATION_ACCEPT_URL names a frontend's page. This server has no sign-in page, so it explains
// the one step left: sign in as the invited address and call acceptInvitation with the token. It
// checks nothing and says nothing about the invitation (the token may be anyone's): the mutation
// does, for the signed-in invitee only.

export const ACCEPT_PAGE_PATH = '/invitations/accept';

/** Answers the accept page; undefined for any other path. */
export function invitationAcceptPage(request: Request, url: URL): Response | undefined {
  if (url.pathname !== ACCEPT_PAGE_PATH) return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  const token = url.searchParams.get('token') ?? '';
  const mutation = `mutation {\n  acceptInvitation(input: { token: ${JSON.stringify(token)} }) {\n    __typename\n    ... on AcceptInvitationPayload { member { organization { name } role } }\n    ... on Error { code message }\n  }\n}`;
  const body = `<!doctype html>
<html><head><meta charset="utf-8"><title>Accept the invitation</title></head>
<body style="font-family: sans-serif; max-width: 42rem; margin: 2rem auto; line-height: 1.5">
<h1>Accept the invitation</h1>
<p>Sign in with the email address the invitation was sent to, then send this mutation to <code>/graphql</code> with your token:</p>
<pre style="background: #f4f4f4; padding: 1rem; overflow-x: auto">${escapeHtml(mutation)}</pre>
<p>The link works once, until the invitation expires; a newer email of the same invitation replaces it.</p>
</body></html>
`;
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: PAGE_HEADERS });
}
