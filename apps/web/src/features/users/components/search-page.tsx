import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { useUrlSearchTerm } from '../../../lib/use-url-search-term';
import { useSearchUsers } from '../api/search-users';
import { UserListItem } from './user-list-item';
import '../users.css';

export function SearchPage() {
  const { term, debouncedTerm, setTerm } = useUrlSearchTerm();
  const search = useSearchUsers(debouncedTerm);
  const active = debouncedTerm.trim().length > 0;
  const typing = term.trim() !== debouncedTerm.trim();
  const busy = active && (search.isFetching || typing);

  return (
    <Page title="Search people" description="Find people by their username or display name.">
      <SearchBox
        id="user-search"
        label="Search people"
        placeholder="Search by name or @username"
        autoCapitalize="none"
        value={term}
        onChange={setTerm}
        busy={busy}
        autoFocus
        aria-controls="search-results"
      />

      <div id="search-results" aria-live="polite" aria-busy={busy}>
        {!active ? (
          <p className="empty">Start typing a name to find people.</p>
        ) : (
          <QueryView
            query={search}
            pending={null}
            errorText="The search failed."
            empty={
              <p className="empty">
                Nobody matches “<span className="empty__term">{debouncedTerm.trim()}</span>”.
              </p>
            }
          >
            {(data) => (
              <>
                <p className="visually-hidden">
                  {data.length} {data.length === 1 ? 'person' : 'people'} found
                </p>
                <ul className={`user-list${search.isPlaceholderData ? ' user-list--stale' : ''}`} aria-label="Search results">
                  {data.map((user) => (
                    <UserListItem key={user.id} user={user} />
                  ))}
                </ul>
              </>
            )}
          </QueryView>
        )}
      </div>
    </Page>
  );
}
