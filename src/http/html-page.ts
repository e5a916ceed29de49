import { escapeHtml } from '../mail/invitation-email.js';

// The server's few HTML pages (invitation link, SSO sign-in result): self-contained, no CDN
// assets, nothing that could leak what they show to another site.

export const PAGE_HEADERS = {
  'content-type': 'text/html;charset=UTF-8',
  'cache-control': 'no-store',
  // Tokens on these pages must not leak to other sites through links or loaded resources.
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};

/** A page with a title and body HTML (the caller escapes what it puts into the body). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: sans-serif; max-width: 42rem; margin: 2rem auto; line-height: 1.5">
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}
