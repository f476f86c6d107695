import { useRef } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CloseIcon, SearchIcon } from '../../../components/icons';
import { Page } from '../../../components/page';
import { Spinner } from '../../../components/spinner';
import { describeError } from '../../../lib/errors';
import { useSearchUsers } from '../api/search-users';
import { useSearchTerm } from '../hooks/use-search-term';
import { UserListItem } from './user-list-item';

export function SearchPage() {
  const { term, debouncedTerm, setTerm } = useSearchTerm();
  const input = useRef<HTMLInputElement>(null);
  const search = useSearchUsers(debouncedTerm);
  const active = debouncedTerm.trim().length > 0;
  const typing = term.trim() !== debouncedTerm.trim();
  const busy = active && (search.isFetching || typing);

  return (
    <Page title="Search people" description="Find people by their username or display name.">
      <div className="search-box" role="search">
        <label htmlFor="user-search" className="visually-hidden">
          Search people
        </label>
        <SearchIcon className="search-box__icon" />
        <input
          id="user-search"
          ref={input}
          className="input search-box__input"
          type="search"
          placeholder="Search by name or @username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          autoFocus
          aria-controls="search-results"
        />
        <span className="search-box__end">
          {busy && (
            <span className="search-box__spinner">
              <Spinner label="Searching…" />
            </span>
          )}
          {term && (
            <button
              type="button"
              className="search-box__clear"
              aria-label="Clear search"
              onClick={() => {
                setTerm('');
                input.current?.focus();
              }}
            >
              <CloseIcon width={16} height={16} />
            </button>
          )}
        </span>
      </div>

      <div id="search-results" aria-live="polite" aria-busy={busy}>
        {!active ? (
          <p className="empty">Start typing a name to find people.</p>
        ) : search.isError ? (
          <Alert
            action={
              <Button variant="secondary" onClick={() => void search.refetch()}>
                Try again
              </Button>
            }
          >
            The search failed. {describeError(search.error)}
          </Alert>
        ) : search.data === undefined ? null : search.data.length === 0 ? (
          <p className="empty">
            Nobody matches “<span className="empty__term">{debouncedTerm.trim()}</span>”.
          </p>
        ) : (
          <>
            <p className="visually-hidden">
              {search.data.length} {search.data.length === 1 ? 'person' : 'people'} found
            </p>
            <ul className={`user-list${search.isPlaceholderData ? ' user-list--stale' : ''}`} aria-label="Search results">
              {search.data.map((user) => (
                <UserListItem key={user.id} user={user} />
              ))}
            </ul>
          </>
        )}
      </div>
    </Page>
  );
}
