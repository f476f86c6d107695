import {
  Button as AriaButton,
  Text,
  UNSTABLE_Toast as AriaToast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastQueue as ToastQueue,
  UNSTABLE_ToastRegion as ToastRegion,
} from 'react-aria-components';
import { CloseIcon } from './icons';
import './toast.css';

export interface ToastContentValue {
  /** One sentence: "You were removed from Reading room". */
  title: string;
}

/**
 * The app's toasts: React Aria's queue and region (a labelled landmark in a portal, focus kept when a toast goes,
 * pausing while hovered or focused). Its toast API is still marked UNSTABLE_ upstream, so it is used from this one file.
 */
const queue = new ToastQueue<ToastContentValue>({ maxVisibleToasts: 3 });

/** Shows a short notice for a few seconds (longer while hovered or focused); a person can close it. */
export function showToast(title: string, timeoutMs = 8_000): void {
  queue.add({ title }, { timeout: timeoutMs });
}

/** Mounted once by the shell; renders nothing while there is no toast. */
export function Toasts() {
  return (
    <ToastRegion queue={queue} className="toasts" aria-label="Notices">
      {({ toast }) => (
        <AriaToast toast={toast} className="toast">
          <ToastContent className="toast__content">
            <Text slot="title" className="toast__title">
              {toast.content.title}
            </Text>
          </ToastContent>
          <AriaButton slot="close" className="toast__close" aria-label="Dismiss">
            <CloseIcon width={16} height={16} />
          </AriaButton>
        </AriaToast>
      )}
    </ToastRegion>
  );
}
