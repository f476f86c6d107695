import {
  EmojiPicker as Frimousse,
  type EmojiPickerListCategoryHeaderProps,
  type EmojiPickerListEmojiProps,
  type EmojiPickerListRowProps,
} from 'frimousse';
import { useState, type ReactNode } from 'react';
import { Button as AriaButton, Dialog, DialogTrigger, Popover } from 'react-aria-components';
import { useRecentEmoji } from '../hooks/use-recent-emoji';
import { recentEmoji } from '../utils/recent-emoji';
import './emoji-picker.css';

/** Emojibase's data, built into the app (see `vite.config.ts`): the picker never asks a CDN. */
const EMOJIBASE_URL = `${import.meta.env.BASE_URL}emojibase`;
const TONE_KEY = 'chat.emoji-skin-tone';
type SkinTone = 'none' | 'light' | 'medium-light' | 'medium' | 'medium-dark' | 'dark';
const TONES: SkinTone[] = ['none', 'light', 'medium-light', 'medium', 'medium-dark', 'dark'];

function storedTone(): SkinTone {
  try {
    const value = localStorage.getItem(TONE_KEY);
    return TONES.includes(value as SkinTone) ? (value as SkinTone) : 'none';
  } catch {
    return 'none';
  }
}

function CategoryHeader({ category, ...props }: EmojiPickerListCategoryHeaderProps) {
  return (
    <div className="emoji-picker__category" {...props}>
      {category.label}
    </div>
  );
}

// frimousse counts rows and columns from 0; ARIA's aria-rowindex and aria-colindex start at 1.
const oneBased = (index: number | undefined) => (index === undefined ? undefined : index + 1);

function Row({ children, ...props }: EmojiPickerListRowProps) {
  return (
    <div className="emoji-picker__row" {...props} aria-rowindex={oneBased(props['aria-rowindex'])}>
      {children}
    </div>
  );
}

function EmojiButton({ emoji, ...props }: EmojiPickerListEmojiProps) {
  return (
    <button
      className="emoji-picker__emoji"
      data-active={emoji.isActive || undefined}
      {...props}
      aria-colindex={oneBased(props['aria-colindex'])}
    >
      {emoji.emoji}
    </button>
  );
}

export type EmojiPickerProps = {
  onSelect: (emoji: string) => void;
};

/**
 * An emoji picker (frimousse, fed Emojibase data served by the app): search, the recently used ones, categories,
 * skin tones (remembered in this browser). Arrows move in the grid, Enter picks.
 */
export function EmojiPicker({ onSelect }: EmojiPickerProps) {
  const recent = useRecentEmoji();
  const [tone, setTone] = useState<SkinTone>(storedTone);
  const pick = (emoji: string) => {
    recentEmoji.use(emoji);
    onSelect(emoji);
  };
  const chooseTone = (next: SkinTone) => {
    setTone(next);
    try {
      localStorage.setItem(TONE_KEY, next);
    } catch {
      // Not remembered: this page still uses it.
    }
  };
  return (
    <Frimousse.Root
      className="emoji-picker"
      emojibaseUrl={EMOJIBASE_URL}
      skinTone={tone}
      columns={8}
      onEmojiSelect={({ emoji }) => pick(emoji)}
    >
      <div className="emoji-picker__top">
        <Frimousse.Search className="emoji-picker__search" aria-label="Search emoji" placeholder="Search emoji" autoFocus />
      </div>
      <Frimousse.SkinTone emoji="👋">
        {({ skinToneVariations }) => (
          <div className="emoji-picker__tones" role="radiogroup" aria-label="Skin tone">
            {skinToneVariations.map((v) => (
              <button
                key={v.skinTone}
                type="button"
                role="radio"
                aria-checked={v.skinTone === tone}
                aria-label={v.skinTone === 'none' ? 'Default skin tone' : `${v.skinTone.replace('-', ' ')} skin tone`}
                className="emoji-picker__tone"
                onClick={() => chooseTone(v.skinTone)}
              >
                {v.emoji}
              </button>
            ))}
          </div>
        )}
      </Frimousse.SkinTone>
      {recent.length > 0 && (
        <div className="emoji-picker__recent" role="group" aria-label="Recently used">
          {recent.slice(0, 8).map((e) => (
            <button key={e} type="button" className="emoji-picker__emoji" aria-label={e} onClick={() => pick(e)}>
              {e}
            </button>
          ))}
        </div>
      )}
      <Frimousse.Viewport className="emoji-picker__viewport">
        <Frimousse.Loading className="emoji-picker__state">Loading emoji…</Frimousse.Loading>
        <Frimousse.Empty className="emoji-picker__state">No emoji found.</Frimousse.Empty>
        <Frimousse.List className="emoji-picker__list" components={{ CategoryHeader, Row, Emoji: EmojiButton }} />
      </Frimousse.Viewport>
    </Frimousse.Root>
  );
}

export type EmojiPickerButtonProps = {
  /** The trigger's accessible name: "Add a reaction", "Insert an emoji". */
  label: string;
  className: string;
  children: ReactNode;
  onSelect: (emoji: string) => void;
  /** Leaves the trigger out of the tab order (a roving list decides). */
  excludeFromTabOrder?: boolean;
};

/** A button that opens the emoji picker in a popover (React Aria: focus moves in, Escape closes and returns focus). */
export function EmojiPickerButton({ label, className, children, onSelect, excludeFromTabOrder }: EmojiPickerButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <AriaButton className={className} aria-label={label} excludeFromTabOrder={excludeFromTabOrder}>
        {children}
      </AriaButton>
      <Popover className="emoji-popover" placement="top end" offset={6} containerPadding={8}>
        <Dialog className="emoji-popover__dialog" aria-label="Emoji picker">
          <EmojiPicker
            onSelect={(emoji) => {
              setOpen(false);
              onSelect(emoji);
            }}
          />
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
