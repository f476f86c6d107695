import type { Room, User } from '@chat/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useJoinedRooms } from '../../../lib/room-queries';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import type { MessageSearchParams } from '../api/search-messages';
import { exactUsername, useSender, useSenderSearch } from '../api/senders';
import { dayAfter, dayStart, isDay, parseSearchQuery, removeOperator, type OperatorKind } from '../utils/search-query';

export const SEARCH_DEBOUNCE_MS = 300;

/** The URL's search parameters: the typed text and the filters chosen in the filter row. */
const PARAM: Record<OperatorKind, string> = { from: 'from', in: 'in', has: 'has', before: 'before', after: 'after' };

export interface SearchFilters {
  room: Room | null;
  /** The chosen person: a User once known, or only the id while their profile loads. */
  from: { id: string; user: User | undefined } | null;
  hasFile: boolean;
  before: string | null;
  after: string | null;
}

export interface SearchState {
  /** What is in the search box, operators and all. */
  text: string;
  setText: (value: string) => void;
  filters: SearchFilters;
  /** Sets one filter from the filter row (null clears it); a typed operator of the same kind goes from the text. */
  setFilter: (kind: OperatorKind, value: string | null) => void;
  /** Typed operators that name no one, no room, or no date. */
  problems: string[];
  /** Typed names are still being looked up. */
  resolving: boolean;
  /** The words searched for (typed operators taken out), after the pause in typing. */
  words: string;
  /** The request, or null while there is nothing (valid) to search for. */
  request: MessageSearchParams | null;
  /** The text has changed and the search has not caught up yet. */
  typing: boolean;
}

/** A room as `in:#name` names it: its name, case-insensitively. */
function findRoom(rooms: readonly Room[] | undefined, name: string): Room | undefined {
  const wanted = name.toLowerCase();
  return rooms?.find((r) => r.name.toLowerCase() === wanted);
}

/**
 * The message search's state, all in the URL (`/search/messages?q=…&in=…&from=…&has=file&after=…&before=…`), so
 * reload, back and shared links keep it. Typed operators count as much as the filter row, and win over it.
 */
export function useSearchState(): SearchState {
  const [params, setParams] = useSearchParams();
  const text = params.get('q') ?? '';
  const debounced = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const typed = useMemo(() => parseSearchQuery(debounced), [debounced]);
  const rooms = useJoinedRooms();
  const senders = useSenderSearch(typed.from ?? '');
  const chosenFrom = typed.from ? null : params.get(PARAM.from);
  const chosenSender = useSender(chosenFrom);

  const problems = [...typed.problems];
  let resolving = false;

  let room: Room | null = null;
  const roomId = params.get(PARAM.in);
  if (typed.room !== undefined) {
    const found = findRoom(rooms.data, typed.room);
    if (found) room = found;
    else if (rooms.isPending) resolving = true;
    else problems.push(`You are in no conversation called “#${typed.room}”.`);
  } else if (roomId) {
    room = rooms.data?.find((r) => r.id === roomId) ?? null;
    if (!room && rooms.isPending) resolving = true;
    else if (!room) problems.push('The conversation chosen under “In” is not one of yours any more.');
  }

  let from: SearchFilters['from'] = null;
  if (typed.from !== undefined) {
    const user = senders.isPlaceholderData ? undefined : exactUsername(senders.data, typed.from);
    if (user) from = { id: user.id, user };
    else if (senders.isFetching || senders.isPlaceholderData) resolving = true;
    else problems.push(`Nobody has the username “@${typed.from}”.`);
  } else if (chosenFrom) {
    from = { id: chosenFrom, user: chosenSender.data };
  }

  const dayParam = (name: string) => {
    const value = params.get(name);
    return value && isDay(value) ? value : null;
  };
  const filters: SearchFilters = {
    room,
    from,
    hasFile: typed.hasFile ?? params.get(PARAM.has) === 'file',
    before: typed.before ?? dayParam(PARAM.before),
    after: typed.after ?? dayParam(PARAM.after),
  };

  const words = typed.text.trim();
  const request: MessageSearchParams | null =
    words && problems.length === 0 && !resolving
      ? {
          q: words,
          roomId: filters.room?.id,
          from: filters.from?.id,
          has: filters.hasFile ? 'file' : undefined,
          before: filters.before ? dayStart(filters.before) : undefined,
          after: filters.after ? dayAfter(filters.after) : undefined,
        }
      : null;

  const setText = useCallback(
    (value: string) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set('q', value);
          else next.delete('q');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setFilter = useCallback(
    (kind: OperatorKind, value: string | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(PARAM[kind], value);
          else next.delete(PARAM[kind]);
          const q = removeOperator(next.get('q') ?? '', kind);
          if (q) next.set('q', q);
          else next.delete('q');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return { text, setText, filters, setFilter, problems, resolving, words, request, typing: text !== debounced };
}
