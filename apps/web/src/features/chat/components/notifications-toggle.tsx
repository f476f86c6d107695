import { useState, useSyncExternalStore } from 'react';
import {
  desktopNotificationsState,
  disableDesktopNotifications,
  enableDesktopNotifications,
  subscribeDesktopNotifications,
} from '../utils/desktop-notifications';
import { BellPlusIcon } from './chat-icons';
import './chat-list.css';

/** Opt-in for desktop notifications of messages in conversations that are not on screen. */
export function NotificationsToggle() {
  const state = useSyncExternalStore(subscribeDesktopNotifications, desktopNotificationsState, () => 'unsupported' as const);
  const [asking, setAsking] = useState(false);
  if (state === 'unsupported') return null;

  const label =
    state === 'on' ? 'Desktop notifications are on' : state === 'blocked' ? 'Desktop notifications are blocked' : 'Desktop notifications';
  return (
    <div className="chat-list__footer">
      <BellPlusIcon width={18} height={18} />
      <span className="chat-list__footer-text" id="desktop-notifications-label">
        {label}
        {state === 'blocked' && <span className="chat-list__footer-hint">Allow them in the browser’s site settings.</span>}
      </span>
      {state !== 'blocked' && (
        <button
          type="button"
          className="link-button"
          aria-describedby="desktop-notifications-label"
          disabled={asking}
          onClick={() => {
            if (state === 'on') {
              disableDesktopNotifications();
              return;
            }
            setAsking(true);
            void enableDesktopNotifications().finally(() => setAsking(false));
          }}
        >
          {state === 'on' ? 'Turn off' : 'Turn on'}
        </button>
      )}
    </div>
  );
}
