import { LIMITS, type FileMeta, type Message } from '@chat/contracts';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { CloseIcon } from '../../../components/icons';
import { useMe } from '../../../lib/auth';
import { useRoomMembers } from '../../../lib/room-queries';
import { attachmentStore, useAttachments } from '../hooks/use-attachments';
import { useEmojiShortcodes } from '../hooks/use-emoji-shortcodes';
import { draftStore } from '../realtime/offline-persistence';
import { attachmentIds, sendableState } from '../utils/attachment-store';
import { emojiOptions, findTrigger, insertCompletion, mentionOptions, type Trigger } from '../utils/autocomplete';
import { BODY_MAX, draftState, excerpt } from '../utils/composer-text';
import { recentEmoji } from '../utils/recent-emoji';
import { ComposerAttachments } from './composer-attachments';
import { ComposerSuggestions, type Suggestion } from './composer-suggestions';
import { EmojiPickerButton } from './emoji-picker';
import { FormattingHelp } from './formatting-help';
import { PaperclipIcon, SendIcon, SmileIcon } from './chat-icons';
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
  /** Whether `@room` and `@here` notify when you write them (the room's `roomMentions`, your role). */
  roomMentionsAllowed: boolean;
};

type Completion = Suggestion & { insert: string };

/**
 * Enter sends, Shift+Enter starts a new line; shows the reply being written and the length limit. Files come from the
 * paper clip, a paste, or a drop on the conversation; each uploads at once, and the message can go when all are up.
 */
export function Composer(props: ComposerProps) {
  const { roomId, roomName, replyTo, onCancelReply, onSend, onTyping, onEditLast, focusKey, roomMentionsAllowed } = props;
  // Drafts survive switching conversations and reloads (kept in IndexedDB).
  const [text, setText] = useState(() => draftStore.get(roomId));
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const completion = useCompletion(roomId, text, roomMentionsAllowed);
  /** Where the caret goes after a programmatic change of the text (an insertion). */
  const pendingCaret = useRef<number | null>(null);
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
    if (pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [text]);

  /** Puts `value` in the box with the caret at `caret` (an autocomplete, an emoji from the picker). */
  const replaceText = (value: string, caret: number) => {
    pendingCaret.current = caret;
    setText(value);
    completion.setCaret(caret);
    onTyping(value.trim().length > 0);
  };

  const pick = (index: number) => {
    const item = completion.items[index];
    if (!item || !completion.trigger) return;
    const next = insertCompletion(text, completion.trigger, completion.caret, item.insert);
    if (completion.trigger.kind === 'emoji') recentEmoji.use(item.insert);
    replaceText(next.text, next.caret);
  };

  const insertEmoji = (emoji: string) => {
    const el = ref.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    replaceText(text.slice(0, start) + emoji + text.slice(end), start + emoji.length);
    // After the picker has closed and handed focus back to its button: on with the typing.
    requestAnimationFrame(() => requestAnimationFrame(() => el?.focus({ preventScroll: true })));
  };

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
    if (completion.open) {
      const count = completion.items.length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        completion.setActive((completion.active + (event.key === 'ArrowDown' ? 1 : -1) + count) % count);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        pick(completion.active);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        completion.dismiss();
        return;
      }
    }
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
        {completion.open && (
          <ComposerSuggestions
            id={`${id}-suggestions`}
            label={completion.trigger?.kind === 'emoji' ? 'Emoji' : 'People to mention'}
            items={completion.items}
            active={completion.active}
            optionId={(i) => `${id}-suggestion-${i}`}
            onPick={pick}
          />
        )}
        <p className="visually-hidden" aria-live="polite">
          {completion.open
            ? `${completion.items.length} suggestion${completion.items.length === 1 ? '' : 's'}: up and down to choose, Enter to insert.`
            : ''}
        </p>
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
        <EmojiPickerButton label="Insert an emoji" className="composer__attach" onSelect={insertEmoji}>
          <SmileIcon width={20} height={20} />
        </EmojiPickerButton>
        <FormattingHelp />
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
          aria-autocomplete="list"
          aria-controls={completion.open ? `${id}-suggestions` : undefined}
          aria-activedescendant={completion.open ? `${id}-suggestion-${completion.active}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            completion.setCaret(e.target.selectionStart);
            onTyping(e.target.value.trim().length > 0);
          }}
          onSelect={(e) =>
            completion.setCaret(e.currentTarget.selectionEnd === e.currentTarget.selectionStart ? e.currentTarget.selectionStart : -1)
          }
          onBlur={() => {
            onTyping(false);
            completion.setCaret(-1);
          }}
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

/**
 * The autocomplete the caret is in: `@` and a name (the room's members, `@room`/`@here` when allowed), `:` and two
 * letters (emoji shortcodes, loaded the first time). Escape closes it until the word changes.
 */
function useCompletion(roomId: string, text: string, roomMentionsAllowed: boolean) {
  const [caret, setCaret] = useState(-1);
  const [activeState, setActiveState] = useState({ key: '', index: 0 });
  /** The trigger and query Escape closed the list on: typing on (or moving elsewhere) opens it again. */
  const [dismissed, setDismissed] = useState<string | null>(null);
  const trigger: Trigger | null = caret >= 0 ? findTrigger(text, caret) : null;
  const members = useRoomMembers(roomId, { enabled: trigger?.kind === 'mention' });
  const shortcodes = useEmojiShortcodes(trigger?.kind === 'emoji');
  const meId = useMe().data?.id;

  const items = useMemo<Completion[]>(() => {
    if (!trigger) return [];
    if (trigger.kind === 'mention') {
      return mentionOptions(members.data ?? [], trigger.query, { meId, specialAllowed: roomMentionsAllowed }).map((o) => ({
        key: o.id,
        primary: `@${o.username}`,
        secondary: o.displayName,
        insert: `@${o.username}`,
      }));
    }
    return emojiOptions(shortcodes.data ?? [], trigger.query).map((o) => ({
      key: `${o.emoji}:${o.shortcode}`,
      primary: o.emoji,
      secondary: `:${o.shortcode}:`,
      insert: o.emoji,
    }));
  }, [trigger?.kind, trigger?.query, members.data, shortcodes.data, meId, roomMentionsAllowed]); // eslint-disable-line react-hooks/exhaustive-deps

  // The highlighted option starts at the top again whenever the query changes.
  const key = trigger ? `${trigger.kind}:${trigger.start}:${trigger.query}` : '';
  const active = activeState.key === key ? Math.min(activeState.index, Math.max(0, items.length - 1)) : 0;
  const open = trigger !== null && dismissed !== key && items.length > 0;
  return {
    trigger,
    caret,
    items,
    open,
    active,
    setActive: (index: number) => setActiveState({ key, index }),
    setCaret,
    dismiss: () => setDismissed(key),
  };
}
