import type { SearchResult } from '@chat/contracts';
import { useMemo } from 'react';
import { Header, ListBox, ListBoxItem, ListBoxSection } from 'react-aria-components';
import { Avatar } from '../../../components/avatar';
import { formatDateTime } from '../../../lib/dates';
import { groupByRoom } from '../utils/group-results';
import { snippetText } from '../utils/snippet';
import { roomLabel } from './search-filters';
import { Snippet } from './snippet';

export type SearchResultsProps = {
  results: readonly SearchResult[];
  /** The answer is for an earlier search and the next one is on its way. */
  stale: boolean;
  onOpen: (result: SearchResult) => void;
};

/**
 * The results grouped by room (React Aria's ListBox with a section per room): arrows move between results across the
 * groups, Home and End go to the first and the last, Enter or a click opens one.
 */
export function SearchResults({ results, stale, onOpen }: SearchResultsProps) {
  const groups = useMemo(() => groupByRoom(results), [results]);
  const byId = useMemo(() => new Map(results.map((r) => [r.message.id, r])), [results]);

  return (
    <ListBox
      aria-label="Search results"
      className={`msearch-results${stale ? ' msearch-results--stale' : ''}`}
      selectionMode="none"
      onAction={(key) => {
        const result = byId.get(String(key));
        if (result) onOpen(result);
      }}
    >
      {groups.map((group) => (
        <ListBoxSection key={group.room.id} id={group.room.id} className="msearch-group">
          <Header className="msearch-group__title">{roomLabel(group.room)}</Header>
          {group.results.map((result) => {
            const { message } = result;
            const when = formatDateTime(message.createdAt);
            return (
              <ListBoxItem
                key={message.id}
                id={message.id}
                className="msearch-result"
                textValue={`${message.sender.displayName}, ${when}: ${snippetText(result.snippet)}`}
              >
                <Avatar user={message.sender} size="small" />
                <span className="msearch-result__body">
                  <span className="msearch-result__meta">
                    <span className="msearch-result__sender">{message.sender.displayName}</span>
                    <time className="msearch-result__time" dateTime={message.createdAt}>
                      {when}
                    </time>
                    {message.attachments.length > 0 && (
                      <span className="msearch-result__files">
                        {message.attachments.length === 1 ? '1 file' : `${message.attachments.length} files`}
                      </span>
                    )}
                  </span>
                  <Snippet snippet={result.snippet} />
                </span>
              </ListBoxItem>
            );
          })}
        </ListBoxSection>
      ))}
    </ListBox>
  );
}
