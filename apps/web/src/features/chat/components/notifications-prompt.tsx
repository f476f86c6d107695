import { useState, useSyncExternalStore } from 'react';
import {
  desktopPromptVisible,
  enableDesktopNotifications,
  finishDesktopPrompt,
  subscribeDesktopNotifications,
} from '../../../lib/desktop-notifications';
import { BellPlusIcon } from './chat-icons';
import './chat-list.css';

/**
 * A one-time offer, under the conversation list on a computer, to get a desktop notification for messages in
 * conversations that are not on screen. "Turn on" asks the browser (from the click, as browsers require); "Not now"
 * puts it away. Either way it does not come back on this device: the switch lives on the profile page. Never on a
 * phone, where a page's notifications do not arrive.
 */
export function NotificationsPrompt() {
  const visible = useSyncExternalStore(subscribeDesktopNotifications, desktopPromptVisible, () => false);
  const [asking, setAsking] = useState(false);
  if (!visible) return null;

  return (
    <section className="chat-list__footer" aria-labelledby="desktop-prompt-text">
      <BellPlusIcon width={18} height={18} aria-hidden="true" />
      <p className="chat-list__footer-text" id="desktop-prompt-text">
        Get a notification on this computer when a message arrives?
      </p>
      <div className="chat-list__footer-actions">
        <button
          type="button"
          className="link-button"
          disabled={asking}
          onClick={() => {
            setAsking(true);
            void enableDesktopNotifications().finally(() => {
              setAsking(false);
              finishDesktopPrompt();
            });
          }}
        >
          Turn on
        </button>
        <button type="button" className="link-button chat-list__footer-dismiss" onClick={finishDesktopPrompt}>
          Not now
        </button>
      </div>
    </section>
  );
}
