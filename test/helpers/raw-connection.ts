import type { Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

// One TCP connection to a listening server, spoken to in raw HTTP/1.1: what a pooling proxy does
// with a keep-alive connection, where node's own client would hide a reset or open a new socket.

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/** How the connection ended: the server's FIN (`end`), a reset or other error, and whether it has closed. */
export interface ConnectionState {
  endedByServer: boolean;
  error?: string;
  closed: boolean;
}

export class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiting?: () => void;
  readonly state: ConnectionState = { endedByServer: false, closed: false };
  /** Resolves when the socket has closed, whichever way. */
  readonly closed: Promise<ConnectionState>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    socket.on('end', () => {
      this.state.endedByServer = true;
      this.waiting?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.state.error = error.code ?? error.message;
      this.waiting?.();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.state.closed = true;
        this.waiting?.();
        resolve(this.state);
      }),
    );
  }

  static open(server: Server): Promise<RawConnection> {
    return RawConnection.openPort((server.address() as AddressInfo).port);
  }

  /** To a server on 127.0.0.1 (one in another process, say). */
  static async openPort(port: number): Promise<RawConnection> {
    // Half-open allowed: the test decides when to close its side, even after the server's FIN.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawConnection(socket);
  }

  /** Writes without waiting for the server (it may answer before everything is sent). */
  write(data: string | Buffer): void {
    if (!this.socket.destroyed && !this.socket.writableEnded) this.socket.write(data);
  }

  /** Resolves once everything written so far has left this process (or the socket failed). */
  flushed(): Promise<void> {
    if (this.socket.destroyed || this.socket.writableEnded) return Promise.resolve();
    return new Promise((resolve) => this.socket.write('', () => resolve()));
  }

  /** The next complete response; throws if the connection ends, resets or closes first. */
  async nextResponse(): Promise<RawResponse> {
    for (;;) {
      const response = this.takeResponse();
      if (response) return response;
      if (this.state.endedByServer || this.state.error || this.state.closed) {
        throw new Error(
          `connection ${this.state.error ? `failed (${this.state.error})` : 'closed'} before a complete response: ${JSON.stringify(this.buffer.toString('latin1').slice(0, 200))}`,
        );
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  /** The state once the server has sent its FIN, or the connection failed or closed. */
  async serverEnd(): Promise<ConnectionState> {
    while (!this.state.endedByServer && !this.state.error && !this.state.closed) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
    return this.state;
  }

  /** Bytes received after the last complete response. */
  get unread(): number {
    return this.buffer.length;
  }

  /** Our FIN: we have nothing more to send. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Parses one response off the front of the buffer (content-length or chunked body), or undefined if incomplete. */
  private takeResponse(): RawResponse | undefined {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const [statusLine, ...lines] = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine!.split(' ')[1]);
    let offset = headEnd + 4;
    let body: Buffer;
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const sizeEnd = this.buffer.indexOf('\r\n', offset);
        if (sizeEnd < 0) return undefined;
        const size = Number.parseInt(this.buffer.subarray(offset, sizeEnd).toString('latin1'), 16);
        if (this.buffer.length < sizeEnd + 2 + size + 2) return undefined;
        parts.push(this.buffer.subarray(sizeEnd + 2, sizeEnd + 2 + size));
        offset = sizeEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? '0');
      if (this.buffer.length < offset + length) return undefined;
      body = this.buffer.subarray(offset, offset + length);
      offset += length;
    }
    this.buffer = this.buffer.subarray(offset);
    return { status, headers, body: body.toString('utf8') };
  }
}

/** A request's head and body as raw HTTP/1.1, with content-length. */
export function rawRequest(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: test', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (method !== 'GET') lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A chunked request's head (no content-length); send the body with `chunk` and end it with LAST_CHUNK. */
export function chunkedHead(method: string, path: string, headers: Record<string, string>): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    'host: test',
    'transfer-encoding: chunked',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export const chunk = (data: string | Buffer): Buffer => {
  const bytes = Buffer.from(data);
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
};

export const LAST_CHUNK = '0\r\n\r\n';
