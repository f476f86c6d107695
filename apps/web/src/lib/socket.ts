import type { ClientToServerEvents, ServerToClientEvents } from '@chat/contracts';
import { io, type Socket } from 'socket.io-client';

/** The app's socket, typed with the contract's two event maps (the server's `Server` uses the same ones). */
export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `connect_error` message the server gives for a missing, expired or revoked session. */
export const SOCKET_UNAUTHENTICATED = 'UNAUTHENTICATED';

/**
 * A socket to the same origin (`/socket.io`), not yet connected. Reconnection is socket.io's own (backoff up to 5 s);
 * the token is read at every attempt, so a reconnect after a long outage uses the current one.
 */
export function createChatSocket(getToken: () => string | null): ChatSocket {
  return io({
    path: '/socket.io',
    autoConnect: false,
    auth: (cb) => cb({ token: getToken() ?? '' }),
    // WebSocket first: one round trip less, and a closed tab is noticed at once by the server (presence), where a
    // long-polling connection is only given up after the ping timeout. Polling stays as the fallback.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Leaving the page says goodbye instead of letting the server wait for a timeout.
    closeOnBeforeunload: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
}
