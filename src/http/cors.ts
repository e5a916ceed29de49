import type { CORSOptions } from 'graphql-yoga';
import type { CorsOrigins } from './cors-origins.js';
import { CSRF_HEADER } from './csrf.js';

/**
 * Yoga's `cors` option. A browser page of an allowed origin may call the API with its bearer
 * token; any other origin gets no CORS headers, so the browser keeps the answer from it. Never
 * Access-Control-Allow-Credentials: the API reads a bearer token from the Authorization header,
 * which a page sends explicitly, and no cookie, so nothing is gained by letting browsers attach
 * their ambient credentials.
 */
export function corsPolicy(allowed: CorsOrigins): (request: Request) => CORSOptions {
  const options: CORSOptions = {
    // Yoga answers with the request's own Origin (and Vary: Origin), only when it is allowed here.
    origin: undefined,
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id', CSRF_HEADER],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  };
  return (request) => {
    const origin = request.headers.get('origin');
    return origin && (allowed === '*' || allowed.includes(origin)) ? options : false;
  };
}
