import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy standing in for a load balancer or a network path: it forwards each new connection to the
 * current target port, can switch targets (take a process out of rotation), refuse new connections (a network
 * outage) and cut the open ones.
 */
export interface TcpProxy {
  url: string;
  /** Connections accepted so far (each Socket.IO reconnect attempt opens one). */
  readonly accepted: number;
  setTarget(port: number): void;
  /** While true, new connections are closed at once, as if the network were down. */
  refuse(on: boolean): void;
  /** Closes every open connection on both sides. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let refusing = false;
  let accepted = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    accepted += 1;
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    setTarget: (p) => (target = p),
    refuse: (on) => (refusing = on),
    cutAll: () => {
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
