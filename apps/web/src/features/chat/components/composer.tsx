import { LIMITS, type FileMeta, type Message } from '@chat/contracts';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { CloseIcon } from '../../../components/icons';
import { attachmentStore, useAttachments } from '../hooks/use-attachments';
import { draftStore } from '../realtime/offline-persistence';
import { attachmentIds, sendableState } from '../utils/attachment-store';
import { BODY_MAX, draftState, excerpt } from '../utils/composer-text';
import { ComposerAttachments } from './composer-attachments';
import { PaperclipIcon, SendIcon } from './chat-icons';
import './composer.css';

export type ComposerProps = {
  roomId: string;
  roomName: string;
  replyTo: Message | null;
  onCancelReply: () => void;
  /** `files`: the uploaded attachments (the body may be empty when there are some). */
  onSend: (body: string, replyToId: string | null, files: FileMeta[]) => void;
  onTyping: (typing: boolean) => void;
  /** Up arrow in an empty composer: edit your last message. */
  onEditLast: () => void;
  /** Focus the composer again (after choosing "Reply", after an edit). */
  focusKey: number;
};

/**
 * Enter sends, Shift+Enter starts a new line; shows the reply being written and the length limit. Files come from the
 * paper clip, a paste, or a drop on the conversation; each uploads at once, and the message can go when all are up.
 */
export function Composer({ roomId, roomName, replyTo, onCancelReply, onSend, onTyping, onEditLast, focusKey }: ComposerProps) {
  // Drafts survive switching conversations and reloads (kept in IndexedDB).
  const [text, setText] = useState(() => draftStore.get(roomId));
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const state = draftState(text);
  const files = useAttachments(roomId);
  const fileInput = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState(0);
  const sendable = sendableState(text, files);
  const canSend = !state.over && sendable.canSend;

  const addFiles = (picked: File[]) => setRefused(attachmentStore.add(roomId, picked));

  useEffect(() => {
    draftStore.set(roomId, text);
  }, [roomId, text]);

  // The stored drafts arrive after the first render of a reloaded page: an untouched composer takes its draft.
  useEffect(() => draftStore.subscribe(() => setText((current) => current || draftStore.get(roomId))), [roomId]);

  // Ready to type when a conversation opens, except on touch screens (the keyboard would cover it); and after "Reply".
  useEffect(() => {
    if (focusKey === 0 && window.matchMedia('(pointer: coarse)').matches) return;
    ref.current?.focus({ preventScroll: true });
  }, [focusKey]);

  // Grows with its text up to a limit, then scrolls.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  const send = () => {
    if (!canSend) return;
    const ids = new Set(attachmentIds(files));
    const metas = files.flatMap((a) => (a.meta && ids.has(a.meta.id) ? [a.meta] : []));
    onSend(text, replyTo?.id ?? null, metas);
    setText('');
    attachmentStore.clear(roomId);
    setRefused(0);
    onCancelReply();
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = Array.from(event.clipboardData.files);
    if (pasted.length === 0) return;
    event.preventDefault();
    addFiles(pasted);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    } else if (event.key === 'ArrowUp' && text === '') {
      event.preventDefault();
      onEditLast();
    } else if (event.key === 'Escape' && replyTo) {
      event.preventDefault();
      onCancelReply();
    }
  };

  const problem = state.over ? `${state.length - BODY_MAX} characters too long: a message holds at most ${BODY_MAX}.` : null;

  return (
    <form
      className="composer"
      aria-label="Write a message"
      data-focus-region=""
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {replyTo && (
        <div className="composer__reply">
          <div className="composer__reply-text">
            <span className="composer__reply-label">Replying to {replyTo.sender.displayName}</span>
            <span className="composer__reply-quote">{replyTo.body ? excerpt(replyTo.body, 100) : 'Attachment'}</span>
          </div>
          <button type="button" className="icon-btn icon-btn--small" aria-label="Cancel reply" onClick={onCancelReply}>
            <CloseIcon width={16} height={16} />
          </button>
        </div>
      )}
      <ComposerAttachments items={files} onRemove={(key) => attachmentStore.remove(key)} onRetry={(key) => attachmentStore.retry(key)} />
      {refused > 0 && (
        <p className="composer__counter composer__counter--over" role="alert">
          A message holds at most {LIMITS.attachmentsMax} files: {refused === 1 ? 'one was' : `${refused} were`} left out.
        </p>
      )}
      <div className="composer__row">
        <button
          type="button"
          className="composer__attach"
          aria-label="Attach files"
          title="Attach files"
          onClick={() => fileInput.current?.click()}
        >
          <PaperclipIcon width={20} height={20} />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          data-testid="composer-file-input"
          onChange={(e) => {
            const picked = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (picked.length > 0) addFiles(picked);
            ref.current?.focus({ preventScroll: true });
          }}
        />
        <label htmlFor={id} className="visually-hidden">
          Message {roomName}
        </label>
        <textarea
          id={id}
          ref={ref}
          className="composer__input"
          data-focus-target=""
          rows={1}
          placeholder={`Message ${roomName}`}
          value={text}
          aria-invalid={state.over || undefined}
          aria-describedby={state.showCounter ? `${id}-counter` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            onTyping(e.target.value.trim().length > 0);
          }}
          onBlur={() => onTyping(false)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button type="submit" className="composer__send" aria-label="Send message" title={sendable.reason ?? undefined} disabled={!canSend}>
          <SendIcon width={18} height={18} />
        </button>
      </div>
      {state.showCounter && (
        <p className={`composer__counter${state.over ? ' composer__counter--over' : ''}`} id={`${id}-counter`} aria-live="polite">
          {problem ?? `${state.length} / ${BODY_MAX}`}
        </p>
      )}
    </form>
  );
}
