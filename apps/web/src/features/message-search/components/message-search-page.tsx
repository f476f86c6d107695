import type { SearchResult } from '@chat/contracts';
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Page } from '../../../components/page';
import { SearchBox } from '../../../components/search-box';
import { Loading, Spinner } from '../../../components/spinner';
import { describeError } from '../../../lib/errors';
import { useJoinedRooms } from '../../../lib/room-queries';
import { useMessageSearch } from '../api/search-messages';
import { useSearchState } from '../hooks/use-search-state';
import { FilterChips, SearchFiltersRow } from './search-filters';
import { SearchResults } from './search-results';
import '../message-search.css';

/** Ctrl+F (⌘F on a Mac). */
function isFindShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
}

const SEARCH_INPUT_ID = 'message-search';

const HINT = 'Add from:@name, in:#room, has:file, after:2026-11-01 or before:2026-12-01 to narrow it.';

/**
 * `/search/messages?q=…`: message search over your conversations, with a filter row (and the same filters typed in
 * the box), results grouped by room, and each result opening its conversation at that message.
 */
export function MessageSearchPage() {
  const navigate = useNavigate();
  const state = useSearchState();
  const rooms = useJoinedRooms();
  const search = useMessageSearch(state.request);
  const results = useMemo(() => search.data?.pages.flatMap((p) => p.results) ?? [], [search.data]);

  // Ctrl+F here goes to the search box rather than the browser's find bar.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isFindShortcut(event)) return;
      event.preventDefault();
      const box = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
      box?.focus();
      box?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const open = (result: SearchResult) => void navigate(`/rooms/${result.room.id}?seq=${result.message.seq}`);
  const active = state.request !== null;
  const busy = (active && search.isFetching && !search.isFetchingNextPage) || state.typing || state.resolving;

  let body;
  if (state.problems.length > 0) {
    body = (
      <Alert title="Not searched yet">
        <ul className="msearch-problems">
          {state.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </Alert>
    );
  } else if (!state.words) {
    body = (
      <p className="empty">
        {state.text.trim() ? 'Add a word to search for.' : 'Type words to find them in your conversations.'} {HINT}
      </p>
    );
  } else if (!active || search.isPending) {
    body = <Loading label="Searching…" />;
  } else if (search.isError && !search.data) {
    body = (
      <Alert
        action={
          <Button variant="secondary" onClick={() => void search.refetch()}>
            Try again
          </Button>
        }
      >
        The search failed. {describeError(search.error)}
      </Alert>
    );
  } else if (results.length === 0) {
    body = (
      <p className="empty">
        No messages match “<span className="empty__term">{state.words}</span>”
        {state.filters.room || state.filters.from || state.filters.hasFile || state.filters.after || state.filters.before
          ? ' with these filters.'
          : '.'}
      </p>
    );
  } else {
    body = (
      <>
        <SearchResults results={results} stale={search.isPlaceholderData} onOpen={open} />
        <div className="msearch-more">
          {search.isFetchNextPageError ? (
            <Alert
              action={
                <Button variant="secondary" onClick={() => void search.fetchNextPage()}>
                  Try again
                </Button>
              }
            >
              Could not load more results. {describeError(search.error)}
            </Alert>
          ) : search.isFetchingNextPage ? (
            <Spinner label="Loading more results…" />
          ) : search.hasNextPage ? (
            <Button variant="secondary" onClick={() => void search.fetchNextPage()}>
              Load more
            </Button>
          ) : (
            <p className="muted">No more results.</p>
          )}
        </div>
      </>
    );
  }

  return (
    <Page title="Search messages">
      <SearchBox
        id={SEARCH_INPUT_ID}
        label="Search messages"
        placeholder="Search messages"
        autoCapitalize="none"
        value={state.text}
        onChange={state.setText}
        busy={busy}
        autoFocus
        aria-describedby="message-search-hint"
        aria-controls="message-search-results"
      />
      <p id="message-search-hint" className="visually-hidden">
        {HINT} Then use the arrow keys in the results and Enter to open one.
      </p>
      <SearchFiltersRow rooms={rooms.data ?? []} state={state} />
      <FilterChips state={state} />
      <div id="message-search-results" className="msearch-body" aria-busy={busy}>
        <p className="visually-hidden" role="status">
          {active && search.data && !busy
            ? `${results.length}${search.hasNextPage ? ' or more' : ''} ${results.length === 1 ? 'result' : 'results'}`
            : ''}
        </p>
        {body}
      </div>
    </Page>
  );
}
