import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createChatSocket, SOCKET_UNAUTHENTICATED, type ChatSocket } from './socket';

/**
 * `connecting`: the first connection is being made; `connected`; `reconnecting`: it was lost (network drop, server
 * restart) and socket.io is trying again.
 */
export type SocketStatus = 'connecting' | 'connected' | 'reconnecting';

interface SocketHandle {
  socket: ChatSocket;
  status(): SocketStatus;
  /** The code of the last refused connection attempt ("RATE_LIMITED": too many open connections), until one succeeds. */
  error(): string | null;
  subscribe(listener: () => void): () => void;
}

const SocketContext = createContext<SocketHandle | null>(null);

function createHandle(getToken: () => string | null): SocketHandle {
  const socket = createChatSocket(getToken);
  const listeners = new Set<() => void>();
  let status: SocketStatus = 'connecting';
  let error: string | null = null;
  let everConnected = false;
  const set = (next: SocketStatus, nextError: string | null) => {
    if (next === status && nextError === error) return;
    status = next;
    error = nextError;
    listeners.forEach((l) => l());
  };
  socket.on('connect', () => {
    everConnected = true;
    set('connected', null);
  });
  socket.on('disconnect', () => set(everConnected ? 'reconnecting' : 'connecting', null));
  socket.on('connect_error', (err) => set(everConnected ? 'reconnecting' : 'connecting', err.message));
  return {
    socket,
    status: () => status,
    error: () => error,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SocketProviderProps = {
  /** Read at every (re)connection attempt. */
  getToken: () => string | null;
  /** The server refused the session at the handshake (revoked, expired): treated like a 401. */
  onUnauthenticated: () => void;
  children: ReactNode;
};

/**
 * The app's one Socket.IO connection, open while this provider is mounted (inside the logged-in part of the app).
 * Feature code reaches it with `useSocket()` and registers its own handlers.
 */
export function SocketProvider({ getToken, onUnauthenticated, children }: SocketProviderProps) {
  const [handle] = useState(() => createHandle(getToken));

  useEffect(() => {
    const { socket } = handle;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onConnectError = (err: Error) => {
      if (err.message === SOCKET_UNAUTHENTICATED) {
        socket.disconnect();
        onUnauthenticated();
      }
    };
    // The server closed this socket on purpose (a revoked session, a deploy): socket.io does not retry that by itself.
    // Try once more shortly; a revoked session then fails the handshake with UNAUTHENTICATED.
    const onDisconnect = (reason: string) => {
      if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 1_000);
    };
    socket.on('connect_error', onConnectError);
    socket.on('disconnect', onDisconnect);
    socket.connect();
    return () => {
      clearTimeout(retry);
      socket.off('connect_error', onConnectError);
      socket.off('disconnect', onDisconnect);
      socket.disconnect();
    };
  }, [handle, onUnauthenticated]);

  return <SocketContext.Provider value={handle}>{children}</SocketContext.Provider>;
}

function useHandle(): SocketHandle {
  const handle = useContext(SocketContext);
  if (!handle) throw new Error('useSocket must be used inside <SocketProvider>');
  return handle;
}

/** The shared socket. Emit only what the contract's `ClientToServerEvents` allows. */
export function useSocket(): ChatSocket {
  return useHandle().socket;
}

/** The connection state, re-rendering when it changes. */
export function useSocketStatus(): SocketStatus {
  const handle = useHandle();
  return useSyncExternalStore(handle.subscribe, handle.status, handle.status);
}

/** Why the last connection attempt was refused, while not connected; null for a plain network failure. */
export function useSocketError(): string | null {
  const handle = useHandle();
  return useSyncExternalStore(handle.subscribe, handle.error, handle.error);
}
