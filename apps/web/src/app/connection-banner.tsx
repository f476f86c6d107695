import { useEffect, useState, useSyncExternalStore } from 'react';
import { Spinner } from '../components/spinner';
import { useSocketError, useSocketStatus } from '../lib/socket-provider';
import './connection-banner.css';

/** Shown after this long without a first connection (a quick connect shows nothing). */
const FIRST_CONNECT_GRACE_MS = 3_000;

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/**
 * "Reconnecting…" while live updates are down; messages written meanwhile wait and go out once it is back. Without a
 * network it says so, and that what is written is kept on this device (the outbox survives a reload).
 */
export function ConnectionBanner() {
  const status = useSocketStatus();
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  const error = useSocketError();
  const [slowStart, setSlowStart] = useState(false);
  useEffect(() => {
    if (status !== 'connecting') return;
    const timer = setTimeout(() => setSlowStart(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const show = status === 'reconnecting' || (status === 'connecting' && slowStart);
  return (
    <div className="connection-banner-slot" role="status" aria-live="polite">
      {show && (
        <div className="connection-banner">
          <Spinner />
          <span>
            <strong>{status === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</strong>
            {error === 'RATE_LIMITED' ? (
              <span> Too many tabs or devices are connected to your account: close some to get live updates back.</span>
            ) : online ? (
              <span className="connection-banner__hint"> Messages you write now are sent when the connection is back.</span>
            ) : (
              <span className="connection-banner__hint">
                {' '}
                You are offline. Messages you write are kept on this device, even if you reload, and sent when you are back online.
              </span>
            )}
          </span>
        </div>
      )}
    </div>
  );
}
