import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { MoreIcon } from './chat-icons';
import './message-menu.css';

export interface MessageMenuItem {
  label: string;
  icon: ReactNode;
  onSelect: () => void;
  danger?: boolean;
}

export type MessageMenuProps = {
  /** Names the trigger for screen readers: "Actions for your message from 2:05 PM". */
  label: string;
  items: MessageMenuItem[];
  /** Quick reactions (the recently used emoji), a row of items above the others. */
  reactions?: { emojis: readonly string[]; onReact: (emoji: string) => void };
};

/**
 * The "…" menu of a message. Keyboard: Enter or Space opens it on the first item, arrows move, Escape closes it and
 * returns to the button, Tab leaves it. A click elsewhere closes it too.
 */
export function MessageMenu({ label, items, reactions }: MessageMenuProps) {
  const [open, setOpen] = useState(false);
  const [up, setUp] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    // On the first action ("Reply"); the quick reactions above it are one ArrowUp away.
    (
      menu.current?.querySelector<HTMLButtonElement>('.menu__item') ?? menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')
    )?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  if (items.length === 0) return null;

  const close = (focusTrigger: boolean) => {
    setOpen(false);
    if (focusTrigger) trigger.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      buttons[event.key === 'Home' ? 0 : buttons.length - 1]?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className={`msg-menu${open ? ' msg-menu--open' : ''}`} ref={root}>
      <button
        ref={trigger}
        type="button"
        className="icon-btn icon-btn--small msg-menu__trigger"
        // Not a tab stop of its own: Enter on the message opens it (see MessageList).
        tabIndex={-1}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => {
          const rect = trigger.current?.getBoundingClientRect();
          setUp(rect ? window.innerHeight - rect.bottom < 56 + items.length * 40 + (reactions ? 44 : 0) : false);
          setOpen((o) => !o);
        }}
      >
        <MoreIcon width={18} height={18} />
      </button>
      {open && (
        <div className={`menu${up ? ' menu--up' : ''}`} role="menu" id={id} aria-label={label} ref={menu} onKeyDown={onMenuKeyDown}>
          {reactions && reactions.emojis.length > 0 && (
            <div className="menu__reactions" role="group" aria-label="Quick reactions">
              {reactions.emojis.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className="menu__reaction"
                  aria-label={`React with ${emoji}`}
                  onClick={() => {
                    setOpen(false);
                    reactions.onReact(emoji);
                  }}
                >
                  {emoji}
                </button>
              ))}
            </div>
          )}
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.icon}
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
