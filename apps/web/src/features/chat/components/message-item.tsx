import type { Message } from '@chat/contracts';
import { memo, useState } from 'react';
import { Avatar } from '../../../components/avatar';
import { FlagIcon } from '../../../components/icons';
import { excerpt } from '../utils/composer-text';
import { clockTime, exactTime, messageTime } from '../utils/format-time';
import type { DisplayMessage } from '../utils/timeline';
import { BookmarkIcon } from '../../../components/icons';
import { AlertIcon, ClockIcon, EditIcon, MarkUnreadIcon, PinIcon, ReplyIcon, TrashIcon } from './chat-icons';
import { MessageAttachments } from './message-attachments';
import { useMe } from '../../../lib/auth';
import { MessageBody, type MessageMentions } from './message-body';
import { MessageEditor } from './message-editor';
import { MessageMenu, type MessageMenuItem } from './message-menu';
import { useRecentEmoji } from '../hooks/use-recent-emoji';
import { quickReactions, recentEmoji } from '../utils/recent-emoji';
import { EditHistoryDialog } from './edit-history-dialog';
import { EmojiPickerButton } from './emoji-picker';
import { ReactionsBar } from './reactions-bar';
import { SmileIcon } from './chat-icons';
import './message-item.css';

export type MessageItemProps = {
  message: DisplayMessage;
  /** Names the row for the list's keyboard navigation (`data-key`). */
  rowKey: string;
  /** The list's one tab stop (roving tabindex): the current message. */
  tabStop: boolean;
  groupStart: boolean;
  groupEnd: boolean;
  mine: boolean;
  /** A direct room: no names or avatars (there are two of you). */
  direct: boolean;
  canDelete: boolean;
  /** From someone I blocked (in a group room): collapsed until the person chooses to see it. */
  blocked?: boolean;
  /** Pin and unpin: an admin or owner of a group, either member of a direct room. */
  canPin: boolean;
  /** In your saved messages: the menu offers "Unsave". */
  saved: boolean;
  now: number;
  /** The message this one answers: a Message when held, `undefined` when not loaded, `null` when it answers none. */
  replyTarget: Message | undefined | null;
  editing: boolean;
  offline: boolean;
  /** "Seen by …" under your latest message. */
  seen: string | null;
  onReply: (message: Message) => void;
  onEdit: (id: string | null) => void;
  onDelete: (message: Message) => void;
  /** Reports someone else's message; no "Report…" item without it. */
  onReport?: (message: Message) => void;
  onPin: (message: Message, pinned: boolean) => void;
  onSave: (message: Message, saved: boolean) => void;
  /** "Mark unread from here": this message becomes the first unread one. */
  onMarkUnread: (message: Message) => void;
  onJumpTo: (id: string) => void;
  /** Adds (`on`) or removes your reaction. */
  onReact: (message: Message, emoji: string, on: boolean) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
};

/** The DOM id of a message's row, for "scroll to the original" of replies. */
export function messageDomId(id: string): string {
  return `message-${id}`;
}

function ReplyQuote({ target, replyToId, onJumpTo }: { target: Message | undefined; replyToId: string; onJumpTo: (id: string) => void }) {
  if (!target) {
    // Not loaded: the list looks for it in older pages.
    return (
      <button
        type="button"
        className="msg__quote msg__quote--missing"
        onClick={() => onJumpTo(replyToId)}
        aria-label="Reply to an earlier message. Show the original message"
      >
        Reply to an earlier message
      </button>
    );
  }
  const text = target.deletedAt ? 'Message deleted' : target.body ? excerpt(target.body, 100) : 'Attachment';
  return (
    <button
      type="button"
      className="msg__quote"
      onClick={() => onJumpTo(target.id)}
      aria-label={`Reply to ${target.sender.displayName}: ${text}. Show the original message`}
    >
      <span className="msg__quote-name">{target.sender.displayName}</span>
      <span className="msg__quote-text">{text}</span>
    </button>
  );
}

function Status({ message, offline }: { message: DisplayMessage; offline: boolean }) {
  if (message.status === 'queued' || message.status === 'sending') {
    const text = message.status === 'queued' && offline ? 'Waiting for connection' : 'Sending';
    return (
      <span className="msg__status" title={text}>
        <ClockIcon width={12} height={12} />
        <span className="visually-hidden">{text}</span>
      </span>
    );
  }
  return null;
}

/** One message: bubble, reply quote, text with safe links, time, edited mark, status, actions. */
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { message, groupStart, groupEnd, mine, direct, canDelete, canPin, saved, now, replyTarget, editing, offline, seen } = props;
  const sent = message.status === 'sent';
  const deleted = message.deletedAt !== null;
  const [revealed, setRevealed] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const me = useMe().data;
  const recent = useRecentEmoji();

  if (props.blocked && !revealed && !deleted) {
    return (
      <div
        className="msg msg--theirs msg--start msg--end msg--blocked"
        id={sent ? messageDomId(message.id) : undefined}
        role="article"
        aria-roledescription="message"
        data-key={props.rowKey}
        data-seq={sent ? message.seq : undefined}
        data-focus-target={props.tabStop ? '' : undefined}
        tabIndex={props.tabStop ? 0 : -1}
      >
        <p className="msg__blocked">
          <span>Message from a blocked user</span>
          <span aria-hidden="true"> — </span>
          <button
            type="button"
            className="link-button"
            aria-label={`Show the message from a blocked user, ${clockTime(message.createdAt)}`}
            onClick={() => {
              setRevealed(true);
              // The button goes away: focus stays on the message it revealed.
              requestAnimationFrame(() => document.getElementById(messageDomId(message.id))?.focus({ preventScroll: true }));
            }}
          >
            Show
          </button>
        </p>
      </div>
    );
  }
  const pinned = sent && !deleted && message.pinnedAt !== null;
  // Resolved by the server (Contract v2 → Expression); messages from an older server have none.
  const mentions = (message as { mentions?: MessageMentions }).mentions;
  const mentionsMe = !mine && !deleted && !!mentions && (mentions.room || mentions.here || (!!me && mentions.userIds.includes(me.id)));
  const showSender = groupStart && !mine && !direct;
  const showAvatar = !mine && !direct;

  // Inside a run only the last message carries its time (unless it has more to say); the others show it on hover.
  const showMeta = groupEnd || !sent || (message.editedAt !== null && !deleted);
  const time = (
    <time dateTime={message.createdAt} title={exactTime(message.createdAt)}>
      {sent ? messageTime(message.createdAt, now) : clockTime(message.createdAt)}
    </time>
  );

  const react = (emoji: string, on: boolean) => {
    if (on) recentEmoji.use(emoji);
    props.onReact(message, emoji, on);
  };
  /** A quick reaction or the picker's: adds yours (one already there stays). */
  const addReaction = (emoji: string) => {
    if (!message.reactions.some((r) => r.emoji === emoji && r.me)) react(emoji, true);
  };

  const items: MessageMenuItem[] = [];
  if (sent && !deleted) {
    items.push({ label: 'Reply', icon: <ReplyIcon width={16} height={16} />, onSelect: () => props.onReply(message) });
    items.push({
      label: 'Add reaction…',
      icon: <SmileIcon width={16} height={16} />,
      // The hidden "add reaction" button of the row opens the picker where it belongs.
      onSelect: () => document.getElementById(messageDomId(message.id))?.querySelector<HTMLElement>('.msg-react__trigger')?.click(),
    });
    if (mine) items.push({ label: 'Edit', icon: <EditIcon width={16} height={16} />, onSelect: () => props.onEdit(message.id) });
    if (!mine && props.onReport) {
      const onReport = props.onReport;
      items.push({ label: 'Report…', icon: <FlagIcon width={16} height={16} />, onSelect: () => onReport(message) });
    }
    if (canPin) {
      items.push({
        label: pinned ? 'Unpin' : 'Pin',
        icon: <PinIcon width={16} height={16} />,
        onSelect: () => props.onPin(message, !pinned),
      });
    }
    items.push({
      label: saved ? 'Unsave' : 'Save',
      icon: <BookmarkIcon width={16} height={16} />,
      onSelect: () => props.onSave(message, !saved),
    });
    items.push({
      label: 'Mark unread from here',
      icon: <MarkUnreadIcon width={16} height={16} />,
      onSelect: () => props.onMarkUnread(message),
    });
    if (canDelete) {
      items.push({ label: 'Delete', icon: <TrashIcon width={16} height={16} />, onSelect: () => props.onDelete(message), danger: true });
    }
  }

  const className = [
    'msg',
    mine ? 'msg--mine' : 'msg--theirs',
    groupStart ? 'msg--start' : '',
    groupEnd ? 'msg--end' : '',
    !sent ? `msg--${message.status}` : '',
    deleted ? 'msg--deleted' : '',
    editing ? 'msg--editing' : '',
    pinned ? 'msg--pinned' : '',
    mentionsMe ? 'msg--mentioned' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    // Focusable, so a tap on a touch screen reveals its menu, "show the original" can land on it and the arrows move
    // between rows; only the current row is in the tab order (the list is one tab stop).
    <div
      className={className}
      id={sent ? messageDomId(message.id) : undefined}
      role="article"
      aria-roledescription="message"
      data-key={props.rowKey}
      data-seq={sent ? message.seq : undefined}
      data-focus-target={props.tabStop ? '' : undefined}
      tabIndex={props.tabStop ? 0 : -1}
    >
      {showAvatar && <div className="msg__avatar">{groupStart && <Avatar user={message.sender} size="small" />}</div>}
      <div className="msg__main">
        {showSender && <div className="msg__sender">{message.sender.displayName}</div>}
        {pinned && (
          <div className="msg__pinned">
            <PinIcon width={12} height={12} />
            <span>Pinned</span>
          </div>
        )}
        <div className="msg__row">
          <div className="msg__bubble">
            {!showSender && <span className="visually-hidden">{mine ? 'You' : message.sender.displayName}: </span>}
            {mentionsMe && <span className="visually-hidden">Mentions you. </span>}
            {replyTarget !== null && message.replyToId && !deleted && (
              <ReplyQuote target={replyTarget} replyToId={message.replyToId} onJumpTo={props.onJumpTo} />
            )}
            {deleted ? (
              <p className="msg__text msg__text--deleted">Message deleted</p>
            ) : editing ? (
              <MessageEditor messageId={message.id} body={message.body} onDone={() => props.onEdit(null)} />
            ) : message.body ? (
              <MessageBody body={message.body} meUsername={me?.username} mentions={mentions} />
            ) : null}
            {!deleted && message.attachments.length > 0 && <MessageAttachments files={message.attachments} />}
            {showMeta && (
              <span className="msg__meta">
                {message.editedAt && !deleted && (
                  <button
                    type="button"
                    className="msg__edited"
                    title={`Edited ${exactTime(message.editedAt)}`}
                    aria-label={`Edited ${exactTime(message.editedAt)}. Show the edit history`}
                    onClick={() => setHistoryOpen(true)}
                  >
                    edited
                  </button>
                )}
                {time}
                <Status message={message} offline={offline} />
              </span>
            )}
          </div>
          {!showMeta && <span className="msg__hover-time">{time}</span>}
          {!editing && sent && !deleted && (
            <EmojiPickerButton
              label="Add a reaction"
              className="icon-btn icon-btn--small msg-react__trigger"
              onSelect={addReaction}
              excludeFromTabOrder
            >
              <SmileIcon width={18} height={18} />
            </EmojiPickerButton>
          )}
          {!editing && (
            <MessageMenu
              label={`Actions for ${mine ? 'your message' : `${message.sender.displayName}’s message`} from ${clockTime(message.createdAt)}`}
              items={items}
              reactions={sent && !deleted ? { emojis: quickReactions(recent), onReact: addReaction } : undefined}
            />
          )}
        </div>
        {sent && !deleted && <ReactionsBar message={message} meId={me?.id} onToggle={react} />}
        {message.status === 'failed' && (
          <div className="msg__failed" role="alert">
            <AlertIcon width={14} height={14} />
            <span>Not sent{message.error ? `: ${message.error}` : '.'}</span>
            <button type="button" className="link-button" onClick={() => props.onRetry(message.clientId)}>
              Retry
            </button>
            <button type="button" className="link-button link-button--muted" onClick={() => props.onDiscard(message.clientId)}>
              Delete
            </button>
          </div>
        )}
        {seen && <div className="msg__seen">{seen}</div>}
        {message.editedAt && !deleted && (
          <EditHistoryDialog message={message} open={historyOpen} onClose={() => setHistoryOpen(false)} meUsername={me?.username} />
        )}
      </div>
    </div>
  );
});
