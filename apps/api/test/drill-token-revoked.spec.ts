import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { bearer, type Registered, register, startTestApp, type TestApp } from './harness.js';
import { sleep, until } from './support/api-process.js';
import { reconnectingSocket } from './support/drill-client.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/**
 * Fault drill: a client loses its network, its session is revoked meanwhile (from another device, or by a password
 * change), and when the network comes back its automatic reconnect is refused with connect_error UNAUTHENTICATED,
 * after which it stops trying. A client whose session still holds reconnects through the same path.
 */
describe('drill: a token revoked while its client is disconnected', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_IP: '1000', LOGIN_LIMIT_PER_ACCOUNT: '1000' });
    proxy = await startTcpProxy((t.app.getHttpServer().address() as AddressInfo).port);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
    proxy.refuse(false);
  });
  afterAll(async () => {
    await proxy.close();
    await t.close();
  });

  const login = async (u: Registered) => {
    const res = await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  const sessionIdOf = async (token: string) => {
    const res = await t.http().get('/api/auth/sessions').set(bearer(token));
    return (res.body as Array<{ id: string; current: boolean }>).find((s) => s.current)!.id;
  };
  /** A real client through the proxy, with the events it saw. */
  const clientVia = async (token: string) => {
    const socket = reconnectingSocket(proxy.url, token);
    sockets.push(socket);
    const log = { connects: 0, errors: [] as string[], disconnects: [] as string[] };
    socket.on('connect', () => (log.connects += 1));
    socket.on('connect_error', (e) => log.errors.push(e.message));
    socket.on('disconnect', (r) => log.disconnects.push(r));
    await until(() => socket.connected, 'the first connect');
    return { socket, log };
  };
  /** The network goes: open connections cut, new ones refused. */
  const networkDown = async (...clients: Array<{ socket: Socket }>) => {
    proxy.refuse(true);
    proxy.cutAll();
    await until(() => clients.every((c) => !c.socket.connected), 'the clients to notice');
    await sleep(300); // a reconnect attempt or two fails meanwhile
  };

  it('refuses the reconnect of a session revoked from another device, and the client stops retrying', async () => {
    const u = await register(t);
    const laptop = await login(u);
    const [phone, other] = [await clientVia(u.token), await clientVia(laptop)];
    await networkDown(phone, other);

    // from the laptop's session (which reaches the server by another path), the phone's session is revoked
    const phoneSession = await sessionIdOf(u.token);
    expect((await t.http().delete(`/api/auth/sessions/${phoneSession}`).set(bearer(laptop))).status).toBe(204);

    proxy.refuse(false);
    await until(() => phone.log.errors.includes('UNAUTHENTICATED'), 'the refused reconnect', 10_000);
    await until(() => other.socket.connected, 'the laptop to reconnect', 10_000);
    expect(phone.socket.connected).toBe(false);
    expect(phone.socket.active).toBe(false); // a refused handshake is final: no retry loop against the server
    const attempts = proxy.accepted;
    await sleep(1500);
    expect(proxy.accepted).toBe(attempts);
    expect(phone.log.connects).toBe(1);
    expect(other.log.connects).toBe(2);
  });

  it('refuses the reconnect of every other session after a password change made while they were offline', async () => {
    const u = await register(t, { password: 'old password 1' });
    const tablet = await login(u);
    const away = await clientVia(tablet);
    await networkDown(away);
    const res = await t
      .http()
      .put('/api/users/me/password')
      .set(bearer(u.token))
      .send({ currentPassword: 'old password 1', newPassword: 'new password 2' });
    expect(res.status).toBe(204);
    proxy.refuse(false);
    await until(() => away.log.errors.includes('UNAUTHENTICATED'), 'the refused reconnect', 10_000);
    expect(away.socket.active).toBe(false);
    // the session that changed the password still connects
    expect((await clientVia(u.token)).socket.connected).toBe(true);
  });
});
