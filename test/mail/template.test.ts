import { describe, expect, it } from 'vitest';
import { renderInvitationEmail } from '../../src/mail/invitation-email.js';

// What users write (organization names, their own names, the message) reaches the HTML part only
// escaped; the text part keeps it as written.

const HOSTILE = {
  organizationName: '<img src=x onerror=alert(1)> & Co',
  inviter: { name: 'Eve "the" <b>Boss</b>', email: 'eve@example.test' },
  role: 'MEMBER',
  message: '</blockquote><script>steal()</script>',
  firstName: "O'Brien<br>",
  isDelegation: false,
  expiresAt: new Date('2027-01-02T03:04:05Z'),
  acceptLink: 'https://app.example.test/accept?x=1&token=abc.def',
};

describe('the invitation email template', () => {
  it('escapes everything users wrote in the HTML part, including the link in its href', () => {
    const { subject, text, html } = renderInvitationEmail(HOSTILE);
    expect(html).not.toMatch(/<img|<script|<b>|Brien<br>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
    expect(html).toContain('Eve &quot;the&quot; &lt;b&gt;Boss&lt;/b&gt; (eve@example.test)');
    expect(html).toContain('&lt;/blockquote&gt;&lt;script&gt;steal()&lt;/script&gt;');
    expect(html).toContain('Hello O&#39;Brien&lt;br&gt;,');
    expect(html).toContain('href="https://app.example.test/accept?x=1&amp;token=abc.def"');
    expect(text).toContain('Eve "the" <b>Boss</b> (eve@example.test) invites you to join <img src=x onerror=alert(1)> & Co as a member.');
    expect(text).toContain('https://app.example.test/accept?x=1&token=abc.def');
    expect(text).toContain('Sat, 02 Jan 2027 03:04:05 GMT');
    expect(subject).toBe('Invitation to join <img src=x onerror=alert(1)> & Co');
  });

  it('names the organization as the sender when a service client invited', () => {
    const { text } = renderInvitationEmail({ ...HOSTILE, organizationName: 'Acme', inviter: null, message: null, firstName: null, role: 'GUEST' });
    expect(text).toMatch(/^Hello,\n\nAcme invites you to join Acme as a guest\./);
  });
});
