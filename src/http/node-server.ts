import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { Socket } from 'node:net';

/** Longest a closing connection keeps reading (and discarding) what its client still sends. */
const LINGER_MS = 5_000;

/**
 * The app's node:http server. A connection it closes after a response (the response said
 * `Connection: close`, as a refused body's does, or the client asked for it) closes in stages,
 * as RFC 9112 §9.6 advises: FIN once the response is written, then what the client still sends
 * (the rest of a refused body, which the app discards) is read until the client closes too, or
 * for `lingerMs` at most. Closing at once with unread bytes makes the kernel answer them with a
 * reset, which can destroy the response before the client reads it. A request that arrives
 * after that FIN is discarded unserved: the server said it would take no more.
 */
export function createHttpServer(listener: RequestListener, { lingerMs = LINGER_MS } = {}): Server {
  const lastRequest = new WeakMap<Socket, IncomingMessage>();
  const server = createServer((request, response) => {
    if (request.socket.writableEnded) {
      request.resume();
      return;
    }
    lastRequest.set(request.socket, request);
    listener(request, response);
  });
  // node:http calls destroySoon() on a connection's socket after its last response.
  server.on('connection', (socket: Socket) => {
    socket.destroySoon = () => closeLingering(socket, lingerMs, lastRequest.get(socket));
  });
  return server;
}

function closeLingering(socket: Socket, lingerMs: number, request: IncomingMessage | undefined): void {
  const closeWhenWritten = () => Socket.prototype.destroySoon.call(socket);
  // The client has closed its side already: nothing more can arrive.
  if (socket.readableEnded) {
    closeWhenWritten();
    return;
  }
  socket.end();
  socket.once('end', closeWhenWritten);
  const deadline = setTimeout(() => socket.destroy(), lingerMs);
  socket.once('close', () => {
    clearTimeout(deadline);
    // Whatever still reads the refused body (readAtMost discards it) would wait for it forever.
    if (request && !request.complete) request.destroy();
  });
}
