import type { Member, Message, Room } from '@chat/contracts';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { Button } from '../../../components/button';
import { Spinner } from '../../../components/spinner';
import { showToast } from '../../../components/toast';
import { describeError } from '../../../lib/errors';
import { useBlockedIds } from '../../../lib/safety';
import { useNow } from '../../../lib/use-now';
import { readersOf, seenText } from '../utils/people-text';
import { buildTimeline, type DisplayMessage } from '../utils/timeline';
import { ArrowDownIcon } from './chat-icons';
import { MessageItem, messageDomId } from './message-item';
import './conversation.css';
import './skeleton.css';

/** Within this many pixels of the end counts as "at the latest message". */
const BOTTOM_SLACK = 48;
/** Older history loads when the view comes this close to the top (newer history, opened at a message: the bottom). */
const LOAD_OLDER_AT = 400;
/** How many older pages "show the original" of a reply loads looking for it. */
const SEEK_PAGES_MAX = 20;

export interface HistoryState {
  loaded: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  loadOlder: () => void;
  /** Opened at a message: the history after what is shown, up to the live end. */
  hasNewer?: boolean;
  loadingNewer?: boolean;
  newerError?: unknown;
  loadNewer?: () => void;
}

export type MessageListProps = {
  room: Room;
  meId: string;
  messages: DisplayMessage[];
  unreadAfter: number | null;
  history: HistoryState;
  members: Member[] | undefined;
  offline: boolean;
  editingId: string | null;
  onEdit: (id: string | null) => void;
  onReply: (message: Message) => void;
  onDelete: (message: Message) => void;
  onReport: (message: Message) => void;
  /** Whether you may pin and unpin here. */
  canPin: boolean;
  /** The ids of your saved messages. */
  savedIds: ReadonlySet<string>;
  onPin: (message: Message, pinned: boolean) => void;
  onSave: (message: Message, saved: boolean) => void;
  onMarkUnread: (message: Message) => void;
  /** Adds (`on`) or removes your reaction. */
  onReact: (message: Message, emoji: string, on: boolean) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  onAtBottomChange: (atBottom: boolean) => void;
  /** Escape on a message: back to the composer. */
  onLeave: () => void;
  /** Opens centred on this message, highlighted for a moment (a search result, a permalink). */
  anchorSeq?: number | null;
  /** Opens at the end, then shows this message (looking for it in older pages when it is not loaded). */
  focusMessageId?: string | null;
  /** Opens at the latest message even with a "New messages" line above. */
  startAtEnd?: boolean;
  /** Back to the live end when what is shown does not reach it ("Jump to latest" of a list opened at a message). */
  onJumpToLatest?: () => void;
};

/** The React key and `data-key` of a message's row. */
function rowKey(m: DisplayMessage): string {
  return m.status === 'sent' ? m.id : `pending-${m.clientId}`;
}

const ROW_SELECTOR = '.msg[data-key]';
/** Inner controls of a row that leave the tab order while the row is not the list's current one. */
const INNER_TABBABLE = 'a[href], button, video[controls], audio[controls]';

/**
 * Roving tab stop: only the current row's links and buttons stay in the tab order (the "…" trigger never is: Enter on
 * the row opens it), so Tab crosses the list in one stop instead of one per message.
 */
function syncInnerTabStops(root: HTMLElement, activeKey: string | null): void {
  for (const row of root.querySelectorAll<HTMLElement>(ROW_SELECTOR)) {
    const current = row.dataset.key === activeKey;
    for (const el of row.querySelectorAll<HTMLElement>(INNER_TABBABLE)) {
      if (el.classList.contains('msg-menu__trigger') || el.closest('[role="menu"]')) continue;
      if (current) {
        if (el.dataset.roving !== undefined) {
          el.removeAttribute('tabindex');
          delete el.dataset.roving;
        }
      } else if (el.getAttribute('tabindex') !== '-1') {
        el.setAttribute('tabindex', '-1');
        el.dataset.roving = '';
      }
    }
  }
}

/** The row of the message with this seq, or of the first one after it (the message itself may be gone). */
function anchorRow(root: HTMLElement, seq: number): HTMLElement | null {
  const rows = root.querySelectorAll<HTMLElement>('.msg[data-seq]');
  for (const row of rows) if (Number(row.dataset.seq) >= seq) return row;
  return rows[rows.length - 1] ?? null;
}

/** Scrolls `scroller` so that `row` is in the middle of it. */
function centre(scroller: HTMLElement, row: HTMLElement): void {
  const box = scroller.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  scroller.scrollTop += r.top - box.top - (scroller.clientHeight - r.height) / 2;
}

/** Highlights a row for a moment. */
function highlight(row: HTMLElement): void {
  row.classList.remove('msg--flash');
  void row.offsetWidth;
  row.classList.add('msg--flash');
}

function HistorySkeleton() {
  const widths = [46, 62, 38, 70, 52, 34];
  return (
    <div className="history-skeleton" aria-hidden="true">
      {widths.map((w, i) => (
        <div key={i} className={`history-skeleton__row${i % 3 === 2 ? ' history-skeleton__row--mine' : ''}`}>
          <span className="skeleton history-skeleton__bubble" style={{ width: `${w}%` }} />
        </div>
      ))}
    </div>
  );
}

/**
 * The history as a scrolling log. Opens at the "new messages" line (or the end), follows new messages while at the
 * end, loads older pages near the top keeping what is on screen in place, and offers a jump back to the latest.
 */
export function MessageList(props: MessageListProps) {
  const { room, meId, messages, unreadAfter, history, members, offline, editingId } = props;
  const { onAtBottomChange, onLeave, anchorSeq = null, focusMessageId = null, startAtEnd = false, onJumpToLatest } = props;
  const hasNewer = history.hasNewer ?? false;
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const positioned = useRef(false);
  const snapshot = useRef<{ height: number; top: number; firstKey: string | undefined } | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  /** The row that holds the list's tab stop (the last one focused); the newest message until one is. */
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  /** The latest seq when the view left the end: what came after is counted on the jump button. */
  const [leftBottomAtSeq, setLeftBottomAtSeq] = useState(0);
  const direct = room.kind === 'direct';
  // In a room, what someone I blocked writes is collapsed; a direct conversation with them is theirs alone anyway.
  const blockedIds = useBlockedIds();
  const admin = room.kind === 'group' && (room.myRole === 'admin' || room.myRole === 'owner');

  const items = useMemo(() => buildTimeline(messages, { meId, unreadAfterSeq: unreadAfter, now }), [messages, meId, unreadAfter, now]);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const latestSeq = useMemo(() => messages.reduce((max, m) => (m.status === 'sent' && m.seq > max ? m.seq : max), 0), [messages]);

  const seen = useMemo(() => {
    // Under your latest message, and only once it is stored: never beside one still on its way or refused.
    const mine = messages.findLast((m) => m.sender.id === meId && !m.deletedAt);
    if (!mine || mine.status !== 'sent' || !members) return null;
    const text = seenText(readersOf(members, meId, mine.seq), direct);
    return text ? { id: mine.id, text } : null;
  }, [messages, members, meId, direct]);

  const activeKey = useMemo(() => {
    if (chosenKey !== null && messages.some((m) => rowKey(m) === chosenKey)) return chosenKey;
    const last = messages[messages.length - 1];
    return last ? rowKey(last) : null;
  }, [chosenKey, messages]);

  useEffect(() => {
    if (content.current) syncInnerTabStops(content.current, activeKey);
  });

  const onRowFocus = (event: FocusEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>(ROW_SELECTOR);
    if (row?.dataset.key !== undefined && row.dataset.key !== chosenKey) setChosenKey(row.dataset.key);
  };

  /** Arrows move between messages, Home and End go to the first and last loaded, Enter opens the menu, Escape leaves. */
  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>(ROW_SELECTOR);
    if (!row || !content.current || event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys typed in a control inside the row (the editor, an open menu) are theirs.
    if (target !== row && !target.classList.contains('msg-menu__trigger')) return;
    const rows = [...content.current.querySelectorAll<HTMLElement>(ROW_SELECTOR)];
    const index = rows.indexOf(row);
    let next: HTMLElement | undefined;
    switch (event.key) {
      case 'ArrowUp':
        next = rows[index - 1];
        if (index === 0 && history.hasOlder && !history.loadingOlder) history.loadOlder();
        break;
      case 'ArrowDown':
        next = rows[index + 1];
        if (index === rows.length - 1 && hasNewer && !history.loadingNewer) history.loadNewer?.();
        break;
      case 'Home':
        next = rows[0];
        break;
      case 'End':
        next = rows[rows.length - 1];
        break;
      case 'Enter':
        if (target !== row) return;
        event.preventDefault();
        (row.querySelector<HTMLElement>('.msg-menu__trigger') ?? row.querySelector<HTMLElement>('button'))?.click();
        if (!row.querySelector('.msg-menu__trigger')) row.querySelector<HTMLElement>('button')?.focus();
        return;
      case 'Escape':
        event.preventDefault();
        onLeave();
        return;
      default:
        return;
    }
    event.preventDefault();
    if (!next) return;
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: 'nearest' });
  };

  const latestSeqRef = useRef(latestSeq);
  useEffect(() => {
    latestSeqRef.current = latestSeq;
  }, [latestSeq]);
  const atBottomRef = useRef(true);
  const historyRef = useRef(history);
  useLayoutEffect(() => {
    historyRef.current = history;
  });
  /** "Show the original" of a reply whose message is not loaded: older pages load until it is. */
  const seeking = useRef<{ id: string; pages: number } | null>(null);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    // Opened at a message, the end of what is loaded is not the latest message until the live history is reached.
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK && !historyRef.current.hasNewer;
    stick.current = bottom;
    if (atBottomRef.current && !bottom) setLeftBottomAtSeq(latestSeqRef.current);
    atBottomRef.current = bottom;
    setAtBottom(bottom);
    snapshot.current = { height: el.scrollHeight, top: el.scrollTop, firstKey: snapshot.current?.firstKey };
  }, []);

  useEffect(() => onAtBottomChange(atBottom), [atBottom, onAtBottomChange]);

  // After every render: first positioning, keeping the view when older pages were added above, following the end.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !history.loaded) return;
    const firstKey = messages[0]?.id;
    const prev = snapshot.current;
    const last = messages[messages.length - 1];
    if (!positioned.current) {
      positioned.current = true;
      const line = el.querySelector<HTMLElement>('.timeline-unread');
      const anchor = anchorSeq === null ? null : anchorRow(el, anchorSeq);
      if (anchor) {
        stick.current = false;
        centre(el, anchor);
        highlight(anchor);
        // The keyboard lands on it too (its focus makes it the list's current row; arrows go on from there).
        anchor.focus({ preventScroll: true });
      } else if (!startAtEnd && line && line.offsetTop - 24 < el.scrollHeight - el.clientHeight) {
        el.scrollTop = Math.max(0, line.offsetTop - 24);
      } else el.scrollTop = el.scrollHeight;
      if (focusMessageId) queueMicrotask(() => jumpTo(focusMessageId));
    } else if (prev && prev.firstKey !== undefined && firstKey !== prev.firstKey) {
      el.scrollTop = prev.top + (el.scrollHeight - prev.height);
    } else if ((stick.current && !hasNewer) || (last && last.sender.id === meId && last.status !== 'sent')) {
      // At the end, or you just wrote something: show it.
      el.scrollTop = el.scrollHeight;
    }
    snapshot.current = { height: el.scrollHeight, top: el.scrollTop, firstKey };
    measure();
    seek();
  });

  // Content or pane size changes (a taller composer, a rotated phone): stay at the end when there.
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current && !historyRef.current.hasNewer) el.scrollTop = el.scrollHeight;
      snapshot.current = { height: el.scrollHeight, top: el.scrollTop, firstKey: snapshot.current?.firstKey };
    });
    observer.observe(el);
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    measure();
    if (el.scrollTop < LOAD_OLDER_AT && history.hasOlder && !history.loadingOlder && !history.olderError) history.loadOlder();
    const below = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (below < LOAD_OLDER_AT && hasNewer && !history.loadingNewer && !history.newerError) history.loadNewer?.();
  };

  const jumpToLatest = () => {
    if (hasNewer && onJumpToLatest) {
      onJumpToLatest();
      return;
    }
    const el = scroller.current;
    if (!el) return;
    stick.current = true;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  };

  const jumpTo = useCallback((id: string) => {
    const target = document.getElementById(messageDomId(id));
    if (!target) {
      // Not loaded: older pages load until it is (or the start of the room, or the limit, is reached).
      const h = historyRef.current;
      if (h.hasOlder) {
        seeking.current = { id, pages: 0 };
        if (!h.loadingOlder) h.loadOlder();
      } else showToast('The original message is not in this conversation any more.');
      return;
    }
    seeking.current = null;
    // Away from the end: the list must not follow it back there (a resize before the scroll event).
    stick.current = false;
    // Near: a smooth scroll shows where it is; far (found in older pages): at once.
    const el = scroller.current;
    const far = el ? Math.abs(target.getBoundingClientRect().top - el.getBoundingClientRect().top) > 2 * el.clientHeight : false;
    target.scrollIntoView({ block: 'center', behavior: far ? 'auto' : 'smooth' });
    setChosenKey(id);
    target.focus({ preventScroll: true });
    highlight(target);
  }, []);

  /** After each render while looking for a message: shown once loaded, else the next older page. */
  const seek = () => {
    const wanted = seeking.current;
    if (!wanted || history.loadingOlder) return;
    if (document.getElementById(messageDomId(wanted.id))) {
      seeking.current = null;
      requestAnimationFrame(() => jumpTo(wanted.id));
    } else if (history.hasOlder && !history.olderError && wanted.pages < SEEK_PAGES_MAX) {
      wanted.pages++;
      history.loadOlder();
    } else {
      seeking.current = null;
      showToast(history.olderError ? 'Could not load the original message.' : 'The original message is too far back to show here.');
    }
  };

  let bottom = null;
  if (history.loaded && hasNewer) {
    bottom = history.newerError ? (
      <div className="history-top history-top--error" role="alert">
        <span>Could not load newer messages. {describeError(history.newerError)}</span>
        <Button variant="secondary" onClick={() => history.loadNewer?.()}>
          Try again
        </Button>
      </div>
    ) : (
      <div className="history-top">
        {history.loadingNewer ? (
          <Spinner label="Loading newer messages…" />
        ) : (
          <button type="button" className="link-button" tabIndex={-1} onClick={() => history.loadNewer?.()}>
            Load newer messages
          </button>
        )}
      </div>
    );
  }

  const newBelow =
    atBottom || hasNewer ? 0 : messages.filter((m) => m.status === 'sent' && m.seq > leftBottomAtSeq && m.sender.id !== meId).length;

  let top;
  if (!history.loaded) top = null;
  else if (history.olderError) {
    top = (
      <div className="history-top history-top--error" role="alert">
        <span>Could not load older messages. {describeError(history.olderError)}</span>
        <Button variant="secondary" onClick={history.loadOlder}>
          Try again
        </Button>
      </div>
    );
  } else if (history.loadingOlder) {
    top = (
      <div className="history-top">
        <Spinner label="Loading older messages…" />
      </div>
    );
  } else if (history.hasOlder) {
    top = (
      <div className="history-top">
        {/* Out of the tab order: the list loads older messages by itself near the top (and on ↑ at the first one). */}
        <button type="button" className="link-button" tabIndex={-1} onClick={history.loadOlder}>
          Load older messages
        </button>
      </div>
    );
  } else if (messages.length > 0) {
    top = (
      <div className="history-start">
        <p className="history-start__title">
          {direct ? `This is the start of your conversation with ${room.name}.` : `Welcome to ${room.name}!`}
        </p>
        {!direct && room.description && <p className="history-start__text">{room.description}</p>}
      </div>
    );
  }

  return (
    <section className="message-pane" aria-label="Messages" data-focus-region="">
      <div
        ref={scroller}
        className="message-scroller"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label={`Messages in ${room.name}`}
        aria-busy={!history.loaded || history.loadingOlder || history.loadingNewer === true}
        // With messages, the tab stop is the current message; an empty log is focusable itself.
        tabIndex={messages.length > 0 ? -1 : 0}
        onScroll={onScroll}
        onFocus={onRowFocus}
        onKeyDown={onRowKeyDown}
      >
        <div ref={content} className="message-content">
          {top}
          {!history.loaded ? (
            <HistorySkeleton />
          ) : messages.length === 0 ? (
            <div className="history-empty">
              <p className="history-empty__title">No messages yet — say hi</p>
              <p className="history-empty__text">
                {direct ? `Messages you send to ${room.name} appear here.` : `Be the first to write in ${room.name}.`}
              </p>
            </div>
          ) : (
            items.map((item) => {
              if (item.kind === 'day') {
                return (
                  <div key={item.key} className="timeline-day" role="separator" aria-label={item.label}>
                    <span>{item.label}</span>
                  </div>
                );
              }
              if (item.kind === 'unread') {
                return (
                  <div key={item.key} className="timeline-unread" role="separator" aria-label="New messages">
                    <span>New messages</span>
                  </div>
                );
              }
              const m = item.message;
              const mine = m.sender.id === meId;
              return (
                <MessageItem
                  key={rowKey(m)}
                  rowKey={rowKey(m)}
                  tabStop={rowKey(m) === activeKey}
                  message={m}
                  groupStart={item.groupStart}
                  groupEnd={item.groupEnd}
                  mine={mine}
                  direct={direct}
                  canDelete={mine || admin}
                  blocked={!direct && !mine && blockedIds.has(m.sender.id)}
                  canPin={props.canPin}
                  saved={props.savedIds.has(m.id)}
                  now={now}
                  replyTarget={m.replyToId ? byId.get(m.replyToId) : null}
                  editing={editingId === m.id}
                  offline={offline}
                  seen={seen?.id === m.id ? seen.text : null}
                  onReply={props.onReply}
                  onEdit={props.onEdit}
                  onDelete={props.onDelete}
                  onReport={props.onReport}
                  onPin={props.onPin}
                  onSave={props.onSave}
                  onMarkUnread={props.onMarkUnread}
                  onReact={props.onReact}
                  onJumpTo={jumpTo}
                  onRetry={props.onRetry}
                  onDiscard={props.onDiscard}
                />
              );
            })
          )}
          {bottom}
        </div>
      </div>
      {(!atBottom || hasNewer) && history.loaded && (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>
          <ArrowDownIcon width={16} height={16} />
          <span>{newBelow > 0 ? `${newBelow} new ${newBelow === 1 ? 'message' : 'messages'}` : 'Jump to latest'}</span>
        </button>
      )}
    </section>
  );
}
