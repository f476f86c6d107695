import type { Message, Room } from '@chat/contracts';
import { useState } from 'react';
import { Button as AriaButton, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import { Button } from '../../../components/button';
import { QueryView } from '../../../components/query-view';
import { Spinner } from '../../../components/spinner';
import { showToast } from '../../../components/toast';
import { describeError } from '../../../lib/errors';
import { useMe } from '../../../lib/auth';
import { useNow } from '../../../lib/use-now';
import { usePins, useSetPinned } from '../api/pins';
import { canPinIn } from '../utils/pins';
import { PinIcon } from './chat-icons';
import { MessageCard } from './message-card';
import { messageDomId } from './message-item';
import './pins-panel.css';

export type PinsButtonProps = { room: Room };

/** "Pinned messages, 3": the header button's name (the count alone is what it shows). */
export function pinsButtonLabel(count: number | undefined): string {
  if (!count) return 'Pinned messages';
  return `Pinned messages, ${count}`;
}

/** Brings a message already on screen into view for a moment (the link still opens the room at it). */
function flashLoadedMessage(id: string): void {
  const row = document.getElementById(messageDomId(id));
  if (!row) return;
  row.scrollIntoView({ block: 'center', behavior: 'smooth' });
  row.classList.remove('msg--flash');
  void row.offsetWidth;
  row.classList.add('msg--flash');
}

/**
 * The conversation header's pin button, with the count, and its panel: the room's pinned messages, newest pin first,
 * each opening the room at it, with "Unpin" for those allowed. React Aria's Popover (focus moves in, Escape or a click
 * elsewhere closes it and gives focus back). The list follows pins and unpins live (`message:updated`).
 */
export function PinsButton({ room }: PinsButtonProps) {
  const [open, setOpen] = useState(false);
  const pins = usePins(room.id);
  const count = pins.data?.length;

  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <AriaButton className={`icon-btn pins-button${open ? ' icon-btn--active' : ''}`} aria-label={pinsButtonLabel(count)}>
        <PinIcon />
        {count ? (
          <span className="pins-button__count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </AriaButton>
      <Popover className="pins-popover" placement="bottom end" offset={6} containerPadding={8}>
        <Dialog className="pins-panel" aria-label="Pinned messages">
          <Heading slot="title" className="pins-panel__title">
            Pinned messages
          </Heading>
          <div className="pins-panel__body">
            <QueryView
              query={pins}
              pending={
                <div className="loading">
                  <Spinner label="Loading pinned messages…" />
                </div>
              }
              errorText="Could not load the pinned messages."
              smallRetry
              empty={
                <p className="pins-panel__empty">
                  No pinned messages yet.
                  {canPinIn(room) ? ' Pin one from its menu to keep it here for everyone.' : ' Admins pin the messages worth keeping.'}
                </p>
              }
            >
              {(data) => <PinList room={room} pins={data} onOpen={() => setOpen(false)} />}
            </QueryView>
          </div>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}

type PinListProps = { room: Room; pins: Message[]; onOpen: () => void };

function PinList({ room, pins, onOpen }: PinListProps) {
  const now = useNow(60_000);
  const unpin = useSetPinned();
  const me = useMe().data;
  const allowed = canPinIn(room);
  return (
    <ul className="pins-panel__list" aria-label="Pinned messages, newest first">
      {pins.map((m) => (
        <li key={m.id}>
          <MessageCard
            message={m}
            now={now}
            rich
            meUsername={me?.username}
            onOpen={() => {
              onOpen();
              flashLoadedMessage(m.id);
            }}
            action={
              allowed ? (
                <Button
                  variant="ghost"
                  className="btn--small"
                  aria-label={`Unpin the message from ${m.sender.displayName}`}
                  pending={unpin.isPending && unpin.variables?.message.id === m.id}
                  onClick={() =>
                    unpin.mutate(
                      { message: m, pinned: false },
                      { onError: (error) => showToast(`Could not unpin the message. ${describeError(error)}`) },
                    )
                  }
                >
                  Unpin
                </Button>
              ) : null
            }
          />
        </li>
      ))}
    </ul>
  );
}
