import type { Message, Room, User } from '@chat/contracts';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ReportDialog } from '../../../components/report-dialog';
import { CloseIcon } from '../../../components/icons';
import { showToast } from '../../../components/toast';
import { isApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/auth';
import { recentRooms } from '../../../lib/offline-query-cache';
import { useBlockedIds } from '../../../lib/safety';
import { describeError } from '../../../lib/errors';
import { useSocketStatus } from '../../../lib/socket-provider';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useDeleteMessage } from '../api/delete-message';
import { useSetPinned } from '../api/pins';
import { useSavedIds, useSetSaved } from '../api/saved';
import { useRoomMembers } from '../../../lib/room-queries';
import { attachmentStore } from '../hooks/use-attachments';
import { useConversationHistory } from '../hooks/use-conversation-history';
import { useConversationRoom } from '../hooks/use-conversation-room';
import { useFileDrop } from '../hooks/use-file-drop';
import { PHONE_QUERY, WIDE_QUERY, useMediaQuery } from '../hooks/use-media-query';
import { useNow } from '../../../lib/use-now';
import { usePageVisible } from '../hooks/use-page-visible';
import { useVisualViewportHeight } from '../hooks/use-visual-viewport';
import { useChatRuntime, useOutbox, useReadPause, useTypingUserIds } from '../realtime/chat-realtime-provider';
import { directPeer } from '../utils/rooms-list';
import { withOutbox } from '../utils/display-messages';
import { canPinIn } from '../utils/pins';
import { ChatNotice } from './chat-notice';
import { BlockedComposer } from './blocked-composer';
import { Composer } from './composer';
import { ConversationHeader } from './conversation-header';
import { MembersPanel } from './members-panel';
import { MessageList } from './message-list';
import { PinsButton } from './pins-panel';
import { RoomBellMenu } from './room-bell-menu';
import { TypingIndicator } from './typing-indicator';
import './conversation.css';
import './skeleton.css';

export type ConversationViewProps = {
  roomId: string;
  /** The room's details pane (settings, members, invites); a members list when not given. */
  renderDetails?: (room: Room) => ReactNode;
  /** What lets someone who is not a member (a public room opened from a link) join it. */
  renderJoin?: (room: Room) => ReactNode;
};

/** `/rooms/:roomId`: one conversation, its details pane beside it on wide screens. */
export function ConversationView({ roomId, renderDetails, renderJoin }: ConversationViewProps) {
  const room = useConversationRoom(roomId);
  const me = useMe();
  useDocumentTitle(room.data?.name ?? 'Conversation');

  const gone = room.isError && isApiError(room.error) && (room.error.code === 'NOT_FOUND' || room.error.code === 'VALIDATION_FAILED');
  // A failed refresh of a room already shown (the server unreachable: the copy saved on this device) keeps showing it.
  if (room.isError && (gone || !room.data)) {
    return (
      <div className="conversation-missing">
        {gone ? (
          <Alert title="Conversation not available">
            It does not exist or you are not a member. <Link to="/">Back to your conversations</Link>
          </Alert>
        ) : (
          <Alert
            action={
              <Button variant="secondary" onClick={() => void room.refetch()}>
                Try again
              </Button>
            }
          >
            Could not open this conversation. {describeError(room.error)}
          </Alert>
        )}
      </div>
    );
  }
  if (!room.data || !me.data) {
    return (
      <div className="conversation conversation--loading" aria-busy="true">
        <div className="conv-header">
          <span className="skeleton skeleton--circle" />
          <span className="skeleton skeleton--line" style={{ width: 180 }} />
        </div>
        <span className="visually-hidden" role="status">
          Loading conversation…
        </span>
      </div>
    );
  }
  if (room.data.myRole === null) return <NotMember room={room.data} renderJoin={renderJoin} />;
  return <Conversation room={room.data} me={me.data} renderDetails={renderDetails} />;
}

/** A public room seen from outside: what it is, and a way in (its messages and members are for members only). */
function NotMember({ room, renderJoin }: { room: Room; renderJoin?: (room: Room) => ReactNode }) {
  const now = useNow();
  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <ConversationHeader room={room} peer={undefined} now={now} detailsOpen={false} />
      <div className="chat-empty">
        <h2 className="chat-empty__title">You are not in this room yet</h2>
        {room.description && <p className="chat-empty__text room-description">{room.description}</p>}
        <p className="chat-empty__text">
          {room.memberCount} {room.memberCount === 1 ? 'member' : 'members'}. Join to read the conversation and write in it.
        </p>
        {renderJoin && <div className="chat-empty__actions">{renderJoin(room)}</div>}
      </div>
    </section>
  );
}

type ConversationProps = { room: Room; me: User; renderDetails?: (room: Room) => ReactNode };

/** `?seq=N` (a search result, a permalink): the message the conversation opens centred on. */
function anchorOf(params: URLSearchParams): number | null {
  const n = Number(params.get('seq'));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Ctrl+F (⌘F on a Mac). */
function isFindShortcut(event: globalThis.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
}

function Conversation({ room, me, renderDetails }: ConversationProps) {
  const meId = me.id;
  const runtime = useChatRuntime();
  const status = useSocketStatus();
  const pageVisible = usePageVisible();
  const wide = useMediaQuery(WIDE_QUERY);
  const phone = useMediaQuery(PHONE_QUERY);
  const now = useNow();
  useVisualViewportHeight();
  // The read marker when the room was opened: where the "New messages" line goes. Kept while the room is open, and
  // moved where the room was marked unread (here or on another device).
  const [unreadAfter, setUnreadAfter] = useState(() => (room.unreadCount > 0 ? room.myReadSeq : null));
  // Marked unread: not marked read again while it stays open, until you send a message here (see ReadMarkers).
  const readPause = useReadPause(room.id);
  const [shownPause, setShownPause] = useState(readPause);
  if (readPause !== shownPause) {
    setShownPause(readPause);
    if (readPause) setUnreadAfter(readPause.marker);
  }
  const [detailsChoice, setDetailsChoice] = useState<boolean | null>(null);
  const detailsOpen = !phone && (detailsChoice ?? wide);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [reporting, setReporting] = useState<Message | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [atBottom, setAtBottom] = useState(true);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const anchorSeq = anchorOf(params);
  // `?message=<id>` (a mention notification): shown once the conversation opens, looked for in older pages.
  const focusMessageId = anchorSeq === null ? params.get('message') : null;
  const [startAtEnd, setStartAtEnd] = useState(false);

  const members = useRoomMembers(room.id);
  const history = useConversationHistory(room.id, anchorSeq);
  const outbox = useOutbox(room.id);
  const typing = useTypingUserIds(room.id);
  const remove = useDeleteMessage();
  const { mutate: pin } = useSetPinned();
  const { mutate: save } = useSetSaved();
  const savedIds = useSavedIds();
  const offline = status !== 'connected';

  // Your messages on their way go at the live end, not under an older part of the history.
  const messages = useMemo(
    () => withOutbox(history.messages, history.live ? outbox : [], me),
    [history.messages, history.live, outbox, me],
  );
  const latestSeq = useMemo(() => messages.reduce((max, m) => (m.status === 'sent' && m.seq > max ? m.seq : max), 0), [messages]);
  const peer = room.kind === 'direct' ? directPeer(members.data, meId) : undefined;
  const blockedIds = useBlockedIds();

  useEffect(() => {
    runtime.setView({ roomId: room.id, atBottom });
  }, [runtime, room.id, atBottom]);
  // Among the rooms whose newest messages this device keeps for offline use.
  useEffect(() => recentRooms.opened(room.id), [room.id]);
  useEffect(() => () => runtime.setView({ roomId: null, atBottom: true }), [runtime]);

  // Read while on screen at the latest message (not while it shows unread on purpose).
  useEffect(() => {
    if (!readPause && atBottom && history.live && pageVisible && history.loaded && latestSeq > room.myReadSeq)
      runtime.markRead(room.id, latestSeq);
  }, [readPause, atBottom, history.live, pageVisible, history.loaded, latestSeq, room.myReadSeq, room.id, runtime]);

  /** Back to the live end of the room (from a conversation opened at a message). */
  const jumpToLatest = useCallback(() => {
    setStartAtEnd(true);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('seq');
        next.delete('message');
        return next;
      },
      { replace: true },
    );
  }, [setParams]);

  // Ctrl+F searches this room's messages (the search page can widen it to every room).
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      // Not from inside a dialog (a confirmation, an image viewer): it has the keyboard.
      if (!isFindShortcut(event) || event.defaultPrevented || (event.target as Element | null)?.closest?.('[role="dialog"]')) return;
      event.preventDefault();
      void navigate(`/search/messages?in=${encodeURIComponent(room.id)}`);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, room.id]);

  const onEditLast = useCallback(() => {
    const last = messages.findLast((m) => m.status === 'sent' && m.sender.id === meId && !m.deletedAt);
    if (last) setEditingId(last.id);
  }, [messages, meId]);

  const onEdit = useCallback((id: string | null) => {
    setEditingId(id);
    if (id === null) setFocusKey((k) => k + 1);
  }, []);
  const onReply = useCallback((message: Message) => {
    setReplyTo(message);
    setFocusKey((k) => k + 1);
  }, []);
  const onLeave = useCallback(() => setFocusKey((k) => k + 1), []);
  const onRetry = useCallback((clientId: string) => runtime.outbox.retry(clientId), [runtime]);
  const onDiscard = useCallback((clientId: string) => runtime.outbox.discard(clientId), [runtime]);
  const onTyping = useCallback((value: boolean) => runtime.setTyping(room.id, value), [runtime, room.id]);
  const drop = useFileDrop((files) => attachmentStore.add(room.id, files));
  const onPin = useCallback(
    (message: Message, pinned: boolean) =>
      pin(
        { message, pinned },
        { onError: (error) => showToast(`Could not ${pinned ? 'pin' : 'unpin'} the message. ${describeError(error)}`) },
      ),
    [pin],
  );
  const onSave = useCallback(
    (message: Message, saved: boolean) =>
      save(
        { message, saved },
        {
          onSuccess: () => showToast(saved ? 'Saved. Find it in Saved messages.' : 'Removed from Saved messages.', 5_000),
          onError: (error) => showToast(`Could not ${saved ? 'save' : 'unsave'} the message. ${describeError(error)}`),
        },
      ),
    [save],
  );
  const onReact = useCallback(
    (message: Message, emoji: string, on: boolean) =>
      void runtime
        .react(message, emoji, on)
        .catch((error: unknown) => showToast(`Could not ${on ? 'add' : 'remove'} the ${emoji} reaction. ${describeError(error)}`)),
    [runtime],
  );
  const onMarkUnread = useCallback(
    (message: Message) =>
      void runtime.markUnread(room.id, message.seq).then(
        () => showToast('Marked unread from here. It stays unread until you write here or open it again.', 5_000),
        (error: unknown) => showToast(`Could not mark it unread. ${describeError(error)}`),
      ),
    [runtime, room.id],
  );

  const details = renderDetails ? renderDetails(room) : <MembersPanel room={room} />;

  return (
    <div className={`conversation-layout${detailsOpen ? ' conversation-layout--details' : ''}`}>
      <section
        className={`conversation${drop.dragging ? ' conversation--dropping' : ''}`}
        aria-labelledby="conversation-title"
        {...drop.handlers}
      >
        {drop.dragging && (
          <div className="drop-overlay" aria-hidden="true">
            Drop files to attach them
          </div>
        )}
        <ConversationHeader
          room={room}
          peer={peer}
          now={now}
          detailsOpen={detailsOpen}
          onToggleDetails={() => setDetailsChoice(!detailsOpen)}
          tools={
            <>
              <RoomBellMenu room={room} now={now} />
              <PinsButton room={room} />
            </>
          }
        />
        <ChatNotice />
        {/* Before the history in the DOM (CSS puts it below): Tab from the composer reaches the messages before the
            details pane. */}
        <div className="conversation__footer">
          <TypingIndicator userIds={typing} members={members.data} />
          {peer && blockedIds.has(peer.id) ? (
            <BlockedComposer peer={peer} />
          ) : (
            <Composer
              key={room.id}
              roomId={room.id}
              roomName={room.name}
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
              onSend={(body, replyToId, files) => {
                // Sent from an older part of the history: back to the end, where it shows.
                if (!history.live) jumpToLatest();
                runtime.send(room.id, body, replyToId, files);
              }}
              onTyping={onTyping}
              onEditLast={onEditLast}
              focusKey={focusKey}
              roomMentionsAllowed={room.roomMentions === 'everyone' || room.myRole === 'admin' || room.myRole === 'owner'}
            />
          )}
        </div>
        <MessageList
          // A new anchor (or the jump back to the latest) opens the list afresh, positioned there.
          key={anchorSeq !== null ? `seq-${anchorSeq}` : focusMessageId ? `message-${focusMessageId}` : 'live'}
          anchorSeq={anchorSeq}
          focusMessageId={focusMessageId}
          startAtEnd={startAtEnd}
          onJumpToLatest={jumpToLatest}
          room={room}
          meId={meId}
          messages={messages}
          unreadAfter={unreadAfter}
          history={{
            loaded: history.loaded,
            hasOlder: history.older.has,
            loadingOlder: history.older.loading,
            olderError: history.older.error,
            loadOlder: history.older.load,
            hasNewer: history.newer.has,
            loadingNewer: history.newer.loading,
            newerError: history.newer.error,
            loadNewer: history.newer.load,
          }}
          members={members.data}
          offline={offline}
          editingId={editingId}
          onEdit={onEdit}
          onReply={onReply}
          onDelete={setDeleting}
          onReport={setReporting}
          canPin={canPinIn(room)}
          savedIds={savedIds}
          onPin={onPin}
          onSave={onSave}
          onMarkUnread={onMarkUnread}
          onReact={onReact}
          onRetry={onRetry}
          onDiscard={onDiscard}
          onAtBottomChange={setAtBottom}
          onLeave={onLeave}
        />
        {history.error !== null && (
          <div className="conversation__error">
            <Alert
              action={
                <>
                  <Button variant="secondary" onClick={history.retry}>
                    Try again
                  </Button>
                  {anchorSeq !== null && (
                    <Button variant="secondary" onClick={jumpToLatest}>
                      Jump to latest
                    </Button>
                  )}
                </>
              }
            >
              Could not load the messages. {describeError(history.error)}
            </Alert>
          </div>
        )}
      </section>
      {detailsOpen && (
        <aside
          className="details"
          id="conversation-details"
          aria-label="Conversation details"
          data-focus-region=""
          onKeyDown={(e) => {
            // Escape closes the pane where it covers the conversation; dialogs and menus inside handle their own first.
            if (e.key === 'Escape' && !wide && !e.defaultPrevented) setDetailsChoice(false);
          }}
        >
          <div className="details__bar">
            <h2 className="details__title">Details</h2>
            <button type="button" className="icon-btn icon-btn--small" aria-label="Hide details" onClick={() => setDetailsChoice(false)}>
              <CloseIcon width={16} height={16} />
            </button>
          </div>
          <div className="details__body">{details}</div>
        </aside>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this message?"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.isError ? `Could not delete it. ${describeError(remove.error)}` : null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting, {
            onSuccess: () => {
              setDeleting(null);
              setFocusKey((k) => k + 1);
            },
          });
        }}
      >
        <p>It will show as “Message deleted” for everyone in {room.kind === 'direct' ? 'this conversation' : room.name}.</p>
        {deleting?.body && <blockquote className="delete-quote">{deleting.body}</blockquote>}
      </ConfirmDialog>
      <ReportDialog target={reporting ? { kind: 'message', message: reporting } : null} onClose={() => setReporting(null)} />
    </div>
  );
}
