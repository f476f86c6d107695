import { useState } from 'react';
import { Button as AriaButton, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
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

/** How many the panel shows; the page shows the rest. */
const PANEL_COUNT = 8;

/**
 * The bell with the unread count. It opens a panel of the newest notifications with "Mark all read" and a link to
 * the full list. The panel is React Aria's Popover: rendered in a portal over the whole page (never clipped by the
 * sidebar), placed beside the bell and kept inside the window; focus moves into it, Escape or a click elsewhere
 * closes it and gives focus back to the bell.
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotifications();
  const list = useNotifications({ enabled: open });
  const markAll = useMarkAllNotificationsRead();
  const count = unread.data?.length ?? 0;
  const badge = unreadBadge(count);

  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <AriaButton className="bell__button" aria-label={bellLabel(count)}>
        <BellIcon />
        {badge && (
          <span className="bell__count" aria-hidden="true">
            {badge}
          </span>
        )}
      </AriaButton>
      <Popover className="bell__popover" placement="bottom start" offset={8} containerPadding={8}>
        <Dialog className="bell__panel" aria-label="Notifications">
          <div className="bell__head">
            <Heading slot="title" className="bell__title">
              Notifications
            </Heading>
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
                <NotificationList notifications={data.slice(0, PANEL_COUNT)} label="Newest notifications" onOpen={() => setOpen(false)} />
              )}
            </QueryView>
          </div>
          <Link to="/notifications" className="bell__all" onClick={() => setOpen(false)}>
            See all notifications
          </Link>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
