import { JWKS_PATH } from '../http/jwks.js';
import { DOWNLOAD_PATH } from '../http/legal-document-download.js';
import { TOKEN_PATH } from '../http/oauth-token.js';

/** Where the Prometheus text is served (with METRICS_TOKEN). */
export const METRICS_PATH = '/metrics';

const ROUTES = new Set(['/graphql', TOKEN_PATH, JWKS_PATH, '/health', '/ready', METRICS_PATH]);

/**
 * A request's route as metrics label and span name: one of the server's routes, never the raw
 * path (a download link's id, a scanner's guesses), so that the set of values stays small.
 */
export function routeOf(pathname: string): string {
  if (ROUTES.has(pathname)) return pathname;
  if (DOWNLOAD_PATH.test(pathname)) return '/legal-documents/:id/download';
  return 'other';
}

const METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/** The HTTP method as a label: the standard ones, anything else OTHER. */
export function methodOf(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}
