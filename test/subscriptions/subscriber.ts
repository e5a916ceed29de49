import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Served } from './serve.js';

/** One result of a subscription, as the client sees it. */
export interface Received {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export type Transport = 'sse' | 'ws';

/** An open subscription: its results in order, then its end. */
export interface Subscriber {
  /** The next result; rejects when none comes within `timeoutMs` or the stream ended. */
  next(timeoutMs?: number): Promise<Received>;
  /** Resolves once the server ended the stream (completed or errored). */
  ended: Promise<void>;
  /** Results received and not taken yet. */
  pending(): number;
  close(): Promise<void>;
}

/** A queue of results filled by a transport and read by the test. */
class Inbox {
  private readonly items: Received[] = [];
  private waiters: ((item: Received | null) => void)[] = [];
  done = false;
  private resolveEnded!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));
  push(item: Received) {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }
  end() {
    this.done = true;
    this.resolveEnded();
    for (const waiter of this.waiters.splice(0)) waiter(null);
  }
  pending() {
    return this.items.length;
  }
  next(timeoutMs: number): Promise<Received> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    if (this.done) return Promise.reject(new Error('the stream ended'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no result within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (value: Received | null) => {
        clearTimeout(timer);
        if (value) resolve(value);
        else reject(new Error('the stream ended'));
      };
      this.waiters.push(waiter);
    });
  }
}

/**
 * Subscribes over Server-Sent Events (yoga's: POST with `Accept: text/event-stream`) or WebSocket
 * (graphql-ws with `ws`, the token in connectionParams), and resolves once the server answered
 * (SSE: the response headers; WebSocket: the connection acknowledged).
 */
export async function subscribe(
  served: Served,
  transport: Transport,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  extensions?: Record<string, unknown>,
): Promise<Subscriber> {
  return transport === 'sse' ? sse(served.url, token, query, variables) : ws(served.wsUrl, token, query, variables, extensions);
}

async function sse(url: string, token: string | undefined, query: string, variables: Record<string, unknown>): Promise<Subscriber> {
  const inbox = new Inbox();
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  // A refusal before the stream (a bad token: 401) comes as one JSON answer.
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    inbox.push((await response.json()) as Received);
    inbox.end();
    return { next: (timeoutMs = 5_000) => inbox.next(timeoutMs), ended: inbox.ended, pending: () => inbox.pending(), close: async () => {} };
  }
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (event === 'next' && data) inbox.push(JSON.parse(data));
          if (event === 'complete') {
            inbox.end();
            return;
          }
        }
      }
    } catch {
      // Aborted by close().
    }
    inbox.end();
  })();
  return {
    next: (timeoutMs = 5_000) => inbox.next(timeoutMs),
    ended: inbox.ended,
    pending: () => inbox.pending(),
    close: async () => abort.abort(),
  };
}

async function ws(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
  extensions?: Record<string, unknown>,
): Promise<Subscriber> {
  const inbox = new Inbox();
  let acknowledged!: () => void;
  const connected = new Promise<void>((resolve) => (acknowledged = resolve));
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    on: { connected: () => acknowledged(), closed: () => inbox.end() },
  });
  client.subscribe(
    { query, variables, extensions },
    {
      next: (value) => inbox.push(value as Received),
      error: (error) => {
        // graphql-ws hands errors before execution (validation, subscribe-time refusals) as a list.
        if (Array.isArray(error)) inbox.push({ errors: error });
        inbox.end();
      },
      complete: () => inbox.end(),
    },
  );
  await Promise.race([connected, inbox.ended]);
  return {
    next: (timeoutMs = 5_000) => inbox.next(timeoutMs),
    ended: inbox.ended,
    pending: () => inbox.pending(),
    close: () => client.dispose() as Promise<void>,
  };
}
