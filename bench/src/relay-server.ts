/**
 * The ceiling: a bare Socket.IO relay with no auth and no database. A client names itself in the handshake
 * (`auth: { userId, username }`), joins its rooms with `join`, and `message:send` is acknowledged and broadcast
 * as `message:new` to the room (the sender included, as the app does), with a payload shaped like the app's
 * `Message` so that serialising it costs the same. Run by the bench in its own process: `node dist/relay-server.js`
 * with PORT (and HOST, default 127.0.0.1). GET /api/health answers like the app's.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 3100);
const host = process.env.HOST ?? '127.0.0.1';

const http = createServer((req, res) => {
  if (req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok","db":"none"}');
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(http, {
  path: '/socket.io',
  serveClient: false,
  maxHttpBufferSize: 100_000,
  pingInterval: 20_000,
  pingTimeout: 20_000,
  connectTimeout: 10_000,
});

const seqs = new Map<string, number>();
const started = new Date().toISOString();

interface SendPayload {
  roomId?: unknown;
  clientId?: unknown;
  body?: unknown;
}
type Ack = (res: object) => void;

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { userId?: unknown; username?: unknown };
  const sender = {
    id: String(auth.userId ?? socket.id),
    username: String(auth.username ?? 'relay'),
    displayName: String(auth.username ?? 'relay'),
    bio: '',
    birthdate: null,
    avatarUrl: null,
    coverUrl: null,
    online: true,
    lastSeenAt: null,
    friendship: 'none',
    createdAt: started,
  };
  socket.on('join', (payload: { roomIds?: unknown }, ack?: Ack) => {
    const ids = Array.isArray(payload?.roomIds) ? payload.roomIds.filter((r): r is string => typeof r === 'string') : [];
    void socket.join(ids.map((id) => `room:${id}`));
    ack?.({ ok: true });
  });
  socket.on('message:send', (payload: SendPayload, ack?: Ack) => {
    if (typeof payload?.roomId !== 'string' || typeof payload.clientId !== 'string' || typeof payload.body !== 'string') {
      ack?.({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'roomId, clientId and body are required' } });
      return;
    }
    const seq = (seqs.get(payload.roomId) ?? 0) + 1;
    seqs.set(payload.roomId, seq);
    const message = {
      id: randomUUID(),
      roomId: payload.roomId,
      seq,
      clientId: payload.clientId,
      sender,
      body: payload.body,
      attachments: [],
      replyToId: null,
      createdAt: new Date().toISOString(),
      editedAt: null,
      deletedAt: null,
    };
    io.to(`room:${payload.roomId}`).emit('message:new', message);
    ack?.({ ok: true, message });
  });
});

http.listen(port, host);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void io.close();
    http.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
