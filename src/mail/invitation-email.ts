// The invitation email, in plain text and in HTML. Everything that comes from users (names,
// the organization's name, the message) is escaped in the HTML part.

export interface InvitationEmail {
  organizationName: string;
  /** Who invited: a user's name and email, or null for a service client. */
  inviter: { name: string; email: string } | null;
  role: string;
  message: string | null;
  firstName: string | null;
  isDelegation: boolean;
  expiresAt: Date;
  acceptLink: string;
}

const ROLE_NAMES: Record<string, string> = { OWNER: 'an owner', ADMIN: 'an admin', MEMBER: 'a member', GUEST: 'a guest' };

export function renderInvitationEmail(mail: InvitationEmail): { subject: string; text: string; html: string } {
  const who = mail.inviter ? `${mail.inviter.name} (${mail.inviter.email})` : `${mail.organizationName}`;
  const what = mail.isDelegation
    ? `${who} asks you to finish setting up ${mail.organizationName}, as an admin.`
    : `${who} invites you to join ${mail.organizationName} as ${ROLE_NAMES[mail.role] ?? mail.role}.`;
  const expires = `${mail.expiresAt.toUTCString()}`;
  const steps = 'Open the link, sign in with this email address, and accept.';
  const greeting = mail.firstName ? `Hello ${mail.firstName},` : 'Hello,';
  const subject = `Invitation to join ${mail.organizationName}`;

  const text = [
    greeting,
    '',
    what,
    ...(mail.message ? ['', 'Their message:', ...mail.message.split('\n').map((line) => `> ${line}`)] : []),
    '',
    steps,
    mail.acceptLink,
    '',
    `The invitation expires on ${expires}. If you did not expect it, ignore this email.`,
    '',
  ].join('\n');

  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(what)}</p>
${mail.message ? `<blockquote style="white-space: pre-wrap">${escapeHtml(mail.message)}</blockquote>\n` : ''}<p>${escapeHtml(steps)}</p>
<p><a href="${escapeHtml(mail.acceptLink)}">Accept the invitation</a></p>
<p style="color: #555">The invitation expires on ${escapeHtml(expires)}. If you did not expect it, ignore this email.<br>
Link: ${escapeHtml(mail.acceptLink)}</p>
</body></html>
`;
  return { subject, text, html };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
