import type { Message } from '@chat/contracts';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CloseIcon } from '../../../components/icons';
import { BODY_MAX, draftState, excerpt } from '../utils/composer-text';
import { SendIcon } from './chat-icons';

/** Drafts survive switching conversations (for this page load). */
const drafts = new Map<string, string>();

export type ComposerProps = {
  roomId: string;
  roomName: string;
  replyTo: Message | null;
  onCancelReply: () => void;
  onSend: (body: string, replyToId: string | null) => void;
  onTyping: (typing: boolean) => void;
  /** Up arrow in an empty composer: edit your last message. */
  onEditLast: () => void;
  /** Focus the composer again (after choosing "Reply", after an edit). */
  focusKey: number;
};

/** Enter sends, Shift+Enter starts a new line; shows the reply being written and the length limit. */
export function Composer({ roomId, roomName, replyTo, onCancelReply, onSend, onTyping, onEditLast, focusKey }: ComposerProps) {
  const [text, setText] = useState(() => drafts.get(roomId) ?? '');
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const state = draftState(text);

  useEffect(() => {
    drafts.set(roomId, text);
  }, [roomId, text]);

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
    if (!state.canSend) return;
    onSend(text, replyTo?.id ?? null);
    setText('');
    onCancelReply();
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
      <div className="composer__row">
        <label htmlFor={id} className="visually-hidden">
          Message {roomName}
        </label>
        <textarea
          id={id}
          ref={ref}
          className="composer__input"
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
        />
        <button type="submit" className="composer__send" aria-label="Send message" disabled={!state.canSend}>
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
