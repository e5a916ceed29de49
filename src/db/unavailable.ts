// Whether an error means "the database cannot be reached right now" (down, restarting, refusing
// or dropping connections, out of connections), as opposed to a bug or a client's mistake: the
// API answers those 503 SERVICE_UNAVAILABLE with Retry-After, never as an authentication failure.

/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

const DRIVER_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
// P2028: a transaction could not start, or outlasted DATABASE_TRANSACTION_TIMEOUT_MS (rolled back).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash recovery).
const SQLSTATE = /^(08|57P0[123])/;
const MESSAGES =
  /Connection terminated|terminating connection|Query read timeout|timeout exceeded when trying to connect|canceling statement due to statement timeout|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|Timed out fetching a new connection/i;

interface ErrorFacts {
  name?: string;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  originalCode?: unknown;
}

function looksUnavailable(error: ErrorFacts): boolean {
  if (error.name === 'PrismaClientInitializationError') return true;
  if (typeof error.kind === 'string' && DRIVER_ADAPTER_KINDS.has(error.kind)) return true;
  for (const code of [error.code, error.originalCode]) {
    if (typeof code !== 'string') continue;
    if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code)) return true;
  }
  return typeof error.message === 'string' && MESSAGES.test(error.message);
}

/** True when the error, or one of its causes, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (looksUnavailable(current as ErrorFacts)) return true;
    current = (current as ErrorFacts).cause;
  }
  return false;
}
