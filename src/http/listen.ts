import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What an operator reads when the port cannot be had, by the system's error code. */
const EXPLANATIONS: Record<string, string> = {
  EADDRINUSE: 'is in use by another process: stop it, or set PORT to a free port',
  EACCES: 'needs privileges this process lacks: set PORT to 1024 or above',
  EADDRNOTAVAIL: 'is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0',
};

/** Listens on `host`:`port` (0: any free port); resolves with the port, or rejects with a one-line explanation. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why = (error.code && EXPLANATIONS[error.code]) ?? `cannot be listened on: ${error.message}`;
      reject(new Error(`Cannot listen: port ${port} on ${host} ${why} (${error.code ?? 'error'})`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
