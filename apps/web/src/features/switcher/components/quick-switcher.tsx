import type { Member, Room, User } from '@chat/contracts';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { Dialog } from '../../../components/dialog';
import { HashIcon } from '../../../components/icons';
import { useMe } from '../../../lib/auth';
import { useFriends } from '../../../lib/friend-queries';
import { roomMembersQueryOptions, useJoinedRooms } from '../../../lib/room-queries';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useSearchPeople } from '../api/search-people';
import { buildItems, rankItems, type SwitcherItem } from '../utils/switcher-items';
import './quick-switcher.css';

/** Ctrl+K (⌘K on a Mac) anywhere in the app opens the switcher; pressed again, it closes. */
function isSwitcherShortcut(event: globalThis.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
}

/** The other person of each direct room, from the members queries the conversation list shares. */
function useDirectPeers(rooms: readonly Room[]): Map<string, User> {
  const meId = useMe().data?.id;
  const direct = useMemo(() => rooms.filter((r) => r.kind === 'direct'), [rooms]);
  const combine = useCallback(
    (results: UseQueryResult<Member[]>[]) => {
      const peers = new Map<string, User>();
      direct.forEach((room, i) => {
        const peer = results[i]?.data?.find((m) => m.user.id !== meId)?.user;
        if (peer) peers.set(room.id, peer);
      });
      return peers;
    },
    [direct, meId],
  );
  return useQueries({ queries: direct.map((r) => roomMembersQueryOptions(r.id)), combine });
}

/** The quick switcher: a modal with one search box over your rooms, DMs, friends and people; mounted once by the shell. */
export function QuickSwitcher() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!isSwitcherShortcut(event)) return;
      event.preventDefault();
      setOpen((was) => !was);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Jump to…" description="Type a room or a person, then press Enter.">
      <SwitcherPanel onDone={() => setOpen(false)} />
    </Dialog>
  );
}

type SwitcherPanelProps = { onDone: () => void };

function SwitcherPanel({ onDone }: SwitcherPanelProps) {
  const navigate = useNavigate();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const term = useDebouncedValue(query.trim(), 200);
  const me = useMe().data;
  const rooms = useJoinedRooms();
  const friends = useFriends();
  const found = useSearchPeople(term);
  const peers = useDirectPeers(rooms.data ?? []);

  const items = useMemo(
    () => buildItems(rooms.data ?? [], peers, friends.data ?? [], term ? (found.data ?? []) : [], me?.id),
    [rooms.data, peers, friends.data, found.data, term, me?.id],
  );
  const results = useMemo(() => rankItems(items, query), [items, query]);
  const current = Math.min(active, Math.max(results.length - 1, 0));

  const go = (item: SwitcherItem | undefined) => {
    if (!item) return;
    onDone();
    void navigate(item.to);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (results.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + results.length) % results.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(results[current]);
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  const searching = term !== '' && (found.isFetching || query.trim() !== term);

  return (
    <div className="switcher">
      <input
        className="input switcher__input"
        // Not type="search": there Escape would only clear the box, and it should close the switcher.
        type="text"
        role="combobox"
        aria-label="Search rooms and people"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results.length > 0 ? optionId(current) : undefined}
        placeholder="Search rooms and people"
        autoComplete="off"
        spellCheck={false}
        value={query}
        data-autofocus
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul className="switcher__list" id={listId} role="listbox" aria-label="Results">
        {results.map((item, i) => (
          <li
            key={item.key}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={`switcher__option${i === current ? ' switcher__option--active' : ''}`}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => go(item)}
          >
            {item.user ? (
              <Avatar user={item.user} size="small" />
            ) : (
              <span className="switcher__room-icon" aria-hidden="true">
                <HashIcon width={18} height={18} />
              </span>
            )}
            <span className="switcher__text">
              <span className="switcher__label">{item.label}</span>
              {item.detail && <span className="switcher__detail">{item.detail}</span>}
            </span>
            <span className="switcher__kind">
              {item.unread > 0 ? `${item.unread} unread` : item.kind === 'person' ? 'Profile' : item.kind === 'direct' ? 'Direct' : 'Room'}
            </span>
          </li>
        ))}
      </ul>
      <p className="switcher__status" role="status">
        {results.length === 0
          ? searching
            ? 'Searching…'
            : query.trim()
              ? `Nothing matches “${query.trim()}”. Try another name.`
              : 'No conversations yet: join a room or add a friend.'
          : ''}
      </p>
      <p className="switcher__hint" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
      </p>
    </div>
  );
}
