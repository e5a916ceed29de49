import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../errors.js';

/** What is known of the request being answered, filled in as it goes; its access line is written from it. */
export interface RequestRecord {
  /** The caller's x-request-id (first 100 characters) or a random UUID; answered as x-request-id. */
  readonly id: string;
  readonly method: string;
  /** performance.now() when the request came in. */
  readonly startedAt: number;
  /** The URL's path (first 200 characters), without the query string: a download link carries its token there. */
  readonly path: string;
  status?: number;
  /** The GraphQL operation's name, when it has one. */
  operation?: string;
  /** Who called, once authentication ran: null for anonymous. */
  principal?: Principal | null;
  /** The first top-level GraphQL error's extensions.code. */
  errorCode?: string;
  /** The first expected failure a mutation answered as a typed result (FORBIDDEN, NOT_FOUND, …). */
  answeredCode?: string;
  /** Set once a database outage was logged for this request: one line per request, however many fields failed. */
  outageLogged?: boolean;
}

// Code that runs for a request but is handed neither the request nor the context (yoga's
// logger, the errors plugin's callback) finds its request here.
const requests = new AsyncLocalStorage<RequestRecord>();

export const currentRequest = (): RequestRecord | undefined => requests.getStore();

export const runForRequest = <T>(record: RequestRecord, fn: () => T): T => requests.run(record, fn);

/** The errors plugin's onResolvedError: a mutation's expected failure, answered as a typed result rather than a GraphQL error. */
export function noteAnsweredError(error: Error): void {
  const record = requests.getStore();
  if (record && error instanceof DomainError) record.answeredCode ??= error.code;
}
