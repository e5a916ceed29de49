// Columns read only where a query names them: a legal document's file, an integration's
// settings (which may hold credentials) and a webhook endpoint's encrypted secret. Prisma leaves them out of every query by default (its
// global `omit`), and so do the read path's statements.

export const UNASKED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  LegalDocument: ['content'],
  Integration: ['config'],
  WebhookEndpoint: ['secretCiphertext'],
};

/** The same as Prisma's global `omit` option. */
export const PRISMA_OMIT = {
  legalDocument: { content: true },
  integration: { config: true },
  webhookEndpoint: { secretCiphertext: true },
} as const;

/**
 * A row read by the client, as the full row plugin-prisma's types describe: the unasked columns
 * are missing from it, and no GraphQL field reads them.
 */
export function withoutUnasked<Full>(row: Omit<Full, 'content' | 'config' | 'secretCiphertext'>): Full {
  return row as Full;
}
