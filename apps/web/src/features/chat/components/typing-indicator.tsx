import type { Member } from '@chat/contracts';
import { typingText } from '../utils/people-text';
import './typing-indicator.css';

export type TypingIndicatorProps = {
  userIds: readonly string[];
  members: Member[] | undefined;
};

/** "Ada is typing…" under the composer, announced politely. */
export function TypingIndicator({ userIds, members }: TypingIndicatorProps) {
  const names = userIds.map((id) => members?.find((m) => m.user.id === id)?.user.displayName ?? 'Someone');
  const text = typingText(names);
  return (
    <div className="typing" aria-live="polite">
      {text && (
        <>
          <span className="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{text}</span>
        </>
      )}
    </div>
  );
}
