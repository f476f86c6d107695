import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { BellIcon } from '../../../components/icons';
import { QueryView } from '../../../components/query-view';
import { describeError } from '../../../lib/errors';
import { useMarkAllNotificationsRead, useNotifications, useUnreadNotifications } from '../api/notifications';
import { bellLabel, unreadBadge } from '../utils/notification-target';
import { NotificationList } from './notification-list';
import '../notifications.css';

/** How many the dropdown shows; the page shows the rest. */
const DROPDOWN_COUNT = 8;

/**
 * The bell with the unread count. It opens a dropdown of the newest notifications with "Mark all read" and a link to
 * the full list; Escape, a click elsewhere or tabbing away closes it (Escape gives focus back to the bell).
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotifications();
  const list = useNotifications({ enabled: open });
  const markAll = useMarkAllNotificationsRead();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const count = unread.data?.length ?? 0;
  const badge = unreadBadge(count);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div
      className="bell"
      ref={root}
      // Tabbing out of the dropdown closes it (a click on its own text leaves no related target and does not).
      onBlur={(e) => {
        if (open && e.relatedTarget && !e.currentTarget.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className={`bell__button${open ? ' bell__button--open' : ''}`}
        aria-label={bellLabel(count)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {badge && (
          <span className="bell__count" aria-hidden="true">
            {badge}
          </span>
        )}
      </button>
      {open && (
        <div className="bell__panel" id={panelId} role="region" aria-label="Notifications">
          <div className="bell__head">
            <h2 className="bell__title">Notifications</h2>
            <Button
              variant="ghost"
              className="btn--small"
              onClick={() => markAll.mutate()}
              pending={markAll.isPending}
              disabled={count === 0}
            >
              Mark all read
            </Button>
          </div>
          {markAll.isError && <Alert>Could not mark them read. {describeError(markAll.error)}</Alert>}
          <div className="bell__body">
            <QueryView
              query={list}
              loadingLabel="Loading notifications…"
              errorText="Could not load your notifications."
              smallRetry
              empty={<p className="bell__empty">Nothing yet. Friend requests, invites and messages you miss will show up here.</p>}
            >
              {(data) => (
                <NotificationList
                  notifications={data.slice(0, DROPDOWN_COUNT)}
                  label="Newest notifications"
                  onOpen={() => setOpen(false)}
                />
              )}
            </QueryView>
          </div>
          <Link to="/notifications" className="bell__all" onClick={() => setOpen(false)}>
            See all notifications
          </Link>
        </div>
      )}
    </div>
  );
}
