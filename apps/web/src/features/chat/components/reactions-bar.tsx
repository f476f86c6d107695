import type { Message, Reaction } from '@chat/contracts';
import { useState } from 'react';
import { ToggleButton, Tooltip, TooltipTrigger } from 'react-aria-components';
import { useReactors } from '../api/reactions';
import { reactionLabel, reactorsText } from '../utils/reactions';
import { EmojiPickerButton } from './emoji-picker';
import './reactions-bar.css';

export type ReactionsBarProps = {
  message: Message;
  meId: string | undefined;
  /** Adds (`on`) or removes your reaction. */
  onToggle: (emoji: string, on: boolean) => void;
};

function Reactors({ message, reaction, meId }: { message: Message; reaction: Reaction; meId: string | undefined }) {
  const reactors = useReactors(message.id, reaction.emoji, reaction.count, true);
  if (reactors.isPending) return <>Loading who reacted…</>;
  if (reactors.isError) return <>Could not load who reacted.</>;
  const names = reactors.data.map((u) => (u.id === meId ? 'You' : u.displayName));
  return (
    <>
      <span className="reaction-tip__emoji" aria-hidden="true">
        {reaction.emoji}
      </span>{' '}
      {reactorsText(names, Math.max(reaction.count, names.length))}
    </>
  );
}

function ReactionChip({ message, reaction, meId, onToggle }: { reaction: Reaction } & ReactionsBarProps) {
  const [tip, setTip] = useState(false);
  return (
    <TooltipTrigger delay={350} closeDelay={100} onOpenChange={setTip}>
      <ToggleButton
        className="reaction-chip"
        isSelected={reaction.me}
        onChange={(on) => onToggle(reaction.emoji, on)}
        aria-label={reactionLabel(reaction)}
      >
        <span className="reaction-chip__emoji" aria-hidden="true">
          {reaction.emoji}
        </span>
        <span className="reaction-chip__count" aria-hidden="true">
          {reaction.count}
        </span>
      </ToggleButton>
      <Tooltip className="reaction-tip" placement="top" offset={6}>
        {tip && <Reactors message={message} reaction={reaction} meId={meId} />}
      </Tooltip>
    </TooltipTrigger>
  );
}

/**
 * Under a message: one chip per emoji (`emoji count`, pressed when you reacted), a click toggles yours; hovering or
 * focusing a chip says who reacted; "+" opens the emoji picker. Counts are read out ("👍 3 reactions, including you").
 */
export function ReactionsBar(props: ReactionsBarProps) {
  const { message } = props;
  if (message.reactions.length === 0) return null;
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((r) => (
        <ReactionChip key={r.emoji} reaction={r} {...props} />
      ))}
      <EmojiPickerButton
        label="Add another reaction"
        className="reaction-chip reaction-chip--add"
        onSelect={(emoji) => {
          const held = message.reactions.find((r) => r.emoji === emoji);
          if (!held?.me) props.onToggle(emoji, true);
        }}
      >
        <span aria-hidden="true">+</span>
      </EmojiPickerButton>
    </div>
  );
}
