import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The header (any value) that lets a GET query through: a browser sends it cross-site only after a CORS preflight. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Cross-site request forgery prevention for GraphQL requests. A page of another site can make
 * the browser send a "simple" request without asking (no preflight): a GET, or a POST of a form
 * or text/plain. The request guard already refuses POST bodies that are not JSON; yoga's plugin
 * refuses the rest: a request with no content-type, or a simple one, unless it carries
 * CSRF_HEADER. So a GET query needs the header (or content-type: application/json); POST with
 * application/json, as GraphiQL and the README's examples send, needs nothing. Only requests
 * that reach GraphQL parsing are concerned: GraphiQL's page, /health, /ready, the JWKS,
 * /oauth/token and download links are answered before it.
 */
export function csrfPrevention(): Plugin {
  const plugin = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    // The plugin decides (synchronously); its refusal, "Required CSRF header(s) not present", is
    // reworded to say what to send.
    onRequestParse(payload) {
      try {
        return plugin.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `Refused as a possible cross-site request forgery: a GET request needs the header ${CSRF_HEADER} (any value); or POST with content-type application/json`,
          { extensions: { code: 'BAD_REQUEST', http: { status: 403 } } },
        );
      }
    },
  };
}
