import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../components/button';
import { describeError } from '../../../lib/errors';
import { useEditMessage } from '../api/edit-message';
import { BODY_MAX, draftState } from '../utils/composer-text';
import './message-editor.css';

export type MessageEditorProps = {
  messageId: string;
  body: string;
  onDone: () => void;
};

/** Editing a message in place: Enter saves, Shift+Enter starts a new line, Escape cancels. */
export function MessageEditor({ messageId, body, onDone }: MessageEditorProps) {
  const [text, setText] = useState(body);
  const edit = useEditMessage();
  const ref = useRef<HTMLTextAreaElement>(null);
  const state = draftState(text);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const save = () => {
    if (text.trim() === body.trim()) return onDone();
    if (!state.canSend) return;
    edit.mutate({ id: messageId, body: text.trim() }, { onSuccess: onDone });
  };

  const problem = state.over
    ? `The message is ${state.length - BODY_MAX} characters too long (at most ${BODY_MAX}).`
    : state.blank
      ? 'A message cannot be empty. Delete it instead.'
      : edit.isError
        ? `Could not save the change. ${describeError(edit.error)}`
        : null;

  return (
    <div className="msg-editor">
      <label className="visually-hidden" htmlFor={`edit-${messageId}`}>
        Edit message
      </label>
      <textarea
        id={`edit-${messageId}`}
        ref={ref}
        className="input msg-editor__input"
        value={text}
        rows={1}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `edit-${messageId}-problem` : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
        }}
      />
      {problem && (
        <p className="msg-editor__problem" id={`edit-${messageId}-problem`} role="alert">
          {problem}
        </p>
      )}
      <div className="msg-editor__actions">
        <span className="msg-editor__hint">Enter to save · Esc to cancel</span>
        <Button variant="ghost" onClick={onDone} disabled={edit.isPending}>
          Cancel
        </Button>
        <Button onClick={save} pending={edit.isPending} disabled={!state.canSend}>
          Save
        </Button>
      </div>
    </div>
  );
}
