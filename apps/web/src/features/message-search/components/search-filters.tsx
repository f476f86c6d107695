import type { Room, User } from '@chat/contracts';
import { useState } from 'react';
import { Button as AriaButton, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { Avatar } from '../../../components/avatar';
import { CloseIcon } from '../../../components/icons';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useSenderSearch } from '../api/senders';
import type { SearchFilters, SearchState } from '../hooks/use-search-state';
import type { OperatorKind } from '../utils/search-query';

const ALL_ROOMS = 'all';

/** How a room is named in the search: `#name` for a group, the person's name for a direct room. */
export function roomLabel(room: Pick<Room, 'kind' | 'name'>): string {
  return room.kind === 'direct' ? room.name : `#${room.name}`;
}

function ChevronIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="m6 9 6 6 6-6" />
    </svg>
  );
}

type FromPickerProps = { value: SearchFilters['from']; onChange: (id: string | null) => void };

/** "From": a combobox over people by name or username (React Aria's ComboBox). Emptying it clears the filter. */
function FromPicker({ value, onChange }: FromPickerProps) {
  const label = value?.user?.displayName ?? '';
  const [input, setInput] = useState(label);
  const [shownLabel, setShownLabel] = useState(label);
  if (label !== shownLabel) {
    // The filter changed elsewhere (a chip removed, a typed from:@name): the box shows it.
    setShownLabel(label);
    setInput(label);
  }
  const term = useDebouncedValue(input === label ? '' : input, 200);
  const found = useSenderSearch(term);
  const items = found.data ?? (value?.user ? [value.user] : []);

  return (
    <ComboBox
      className="msearch-field msearch-field--from"
      items={items}
      selectedKey={value?.id ?? null}
      inputValue={input}
      onInputChange={(next) => {
        setInput(next);
        if (next === '' && value) onChange(null);
      }}
      onSelectionChange={(key) => {
        if (key === null) return;
        const user = items.find((u) => u.id === key);
        if (user) setInput(user.displayName);
        onChange(String(key));
      }}
      menuTrigger="input"
      allowsEmptyCollection
    >
      <Label className="msearch-field__label">From</Label>
      <div className="msearch-combo">
        <Input className="input msearch-combo__input" placeholder="Anyone" />
      </div>
      <Popover className="msearch-popover" placement="bottom start" offset={4}>
        <ListBox<User>
          className="msearch-options"
          renderEmptyState={() => <p className="msearch-options__empty">{found.isFetching ? 'Searching…' : 'Nobody found.'}</p>}
        >
          {(user) => (
            <ListBoxItem id={user.id} textValue={`${user.displayName} @${user.username}`} className="msearch-option">
              <Avatar user={user} size="small" />
              <span className="msearch-option__text">
                <span className="msearch-option__name">{user.displayName}</span>
                <span className="msearch-option__meta">@{user.username}</span>
              </span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

type RoomPickerProps = { rooms: readonly Room[]; value: Room | null; onChange: (id: string | null) => void };

/** "In": every conversation, or one of yours (React Aria's Select). */
function RoomPicker({ rooms, value, onChange }: RoomPickerProps) {
  const options = [{ id: ALL_ROOMS, label: 'All conversations' }, ...rooms.map((r) => ({ id: r.id, label: roomLabel(r) }))];
  return (
    <Select
      className="msearch-field msearch-field--room"
      selectedKey={value?.id ?? ALL_ROOMS}
      onSelectionChange={(key) => onChange(key === ALL_ROOMS || key === null ? null : String(key))}
    >
      <Label className="msearch-field__label">In</Label>
      <AriaButton className="input msearch-select">
        <SelectValue className="msearch-select__value" />
        <ChevronIcon />
      </AriaButton>
      <Popover className="msearch-popover" placement="bottom start" offset={4}>
        <ListBox className="msearch-options" items={options}>
          {(option) => (
            <ListBoxItem id={option.id} textValue={option.label} className="msearch-option">
              <span className="msearch-option__name">{option.label}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}

export type SearchFiltersRowProps = {
  rooms: readonly Room[];
  state: Pick<SearchState, 'filters' | 'setFilter'>;
};

/** The filter row: from a person, in a conversation, with files, after and before a day. */
export function SearchFiltersRow({ rooms, state }: SearchFiltersRowProps) {
  const { filters, setFilter } = state;
  return (
    <div className="msearch-filters" role="group" aria-label="Filters">
      <FromPicker value={filters.from} onChange={(id) => setFilter('from', id)} />
      <RoomPicker rooms={rooms} value={filters.room} onChange={(id) => setFilter('in', id)} />
      <label className="msearch-field msearch-check">
        <input type="checkbox" checked={filters.hasFile} onChange={(e) => setFilter('has', e.target.checked ? 'file' : null)} />
        <span>Has files</span>
      </label>
      <div className="msearch-field">
        <label className="msearch-field__label" htmlFor="msearch-after">
          After
        </label>
        <input
          id="msearch-after"
          className="input msearch-date"
          type="date"
          value={filters.after ?? ''}
          max={filters.before ?? undefined}
          onChange={(e) => setFilter('after', e.target.value || null)}
        />
      </div>
      <div className="msearch-field">
        <label className="msearch-field__label" htmlFor="msearch-before">
          Before
        </label>
        <input
          id="msearch-before"
          className="input msearch-date"
          type="date"
          value={filters.before ?? ''}
          min={filters.after ?? undefined}
          onChange={(e) => setFilter('before', e.target.value || null)}
        />
      </div>
    </div>
  );
}

type Chip = { kind: OperatorKind; label: string };

function chipsOf(filters: SearchFilters): Chip[] {
  const chips: Chip[] = [];
  if (filters.room) chips.push({ kind: 'in', label: `in ${roomLabel(filters.room)}` });
  if (filters.from) chips.push({ kind: 'from', label: `from ${filters.from.user?.displayName ?? 'someone'}` });
  if (filters.hasFile) chips.push({ kind: 'has', label: 'has files' });
  if (filters.after) chips.push({ kind: 'after', label: `after ${filters.after}` });
  if (filters.before) chips.push({ kind: 'before', label: `before ${filters.before}` });
  return chips;
}

/** The filters in force, each with a button that removes it ("in #ops ✕" widens the search to every conversation). */
export function FilterChips({ state }: { state: Pick<SearchState, 'filters' | 'setFilter'> }) {
  const chips = chipsOf(state.filters);
  if (chips.length === 0) return null;
  return (
    <ul className="msearch-chips" aria-label="Filters in use">
      {chips.map((chip) => (
        <li key={chip.kind} className="msearch-chip">
          <span>{chip.label}</span>
          <button
            type="button"
            className="msearch-chip__remove"
            aria-label={`Remove filter: ${chip.label}`}
            onClick={() => state.setFilter(chip.kind, null)}
          >
            <CloseIcon width={14} height={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
