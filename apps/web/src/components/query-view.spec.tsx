import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { combineQueries, QueryView, type QueryState } from './query-view';

const state = <T,>(over: Partial<QueryState<T>>): QueryState<T> => ({
  isPending: false,
  isError: false,
  error: null,
  data: undefined,
  refetch: () => undefined,
  ...over,
});

/** What a reader hears: the text without tags. */
const text = (html: string) => html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, '');

const list = (query: QueryState<string[]>, extra: { smallRetry?: boolean } = {}) =>
  renderToStaticMarkup(
    <QueryView query={query} loadingLabel="Loading names…" errorText="Could not load the names." empty={<p>No names.</p>} {...extra}>
      {(data) => (
        <ul>
          {data.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </QueryView>,
  );

describe('QueryView', () => {
  it('shows a labelled spinner while the first answer is on its way', () => {
    const html = list(state({ isPending: true }));
    expect(html).toContain('role="status"');
    expect(html).toContain('Loading names…');
  });

  it('says what failed and why, with a "Try again" button (small in cards)', () => {
    const error = new Error('boom');
    const html = list(state({ isError: true, error }));
    expect(html).toContain('role="alert"');
    expect(text(html)).toBe('Could not load the names. Something unexpected went wrong. Reload the page and try again.Try again');
    expect(html).toContain('class="btn btn--secondary"');
    expect(html).toContain('Try again');
    expect(list(state({ isError: true, error }), { smallRetry: true })).toContain('class="btn btn--secondary btn--small"');
  });

  it('shows the empty state for an empty answer, and the data otherwise', () => {
    expect(list(state({ data: [] }))).toBe('<p>No names.</p>');
    expect(list(state({ data: ['ada', 'bo'] }))).toBe('<ul><li>ada</li><li>bo</li></ul>');
  });

  it('lets some errors say something else', () => {
    const html = renderToStaticMarkup(
      <QueryView
        query={state({ isError: true, error: 'gone' })}
        errorText="Could not."
        renderError={(e) => (e === 'gone' ? <p>Gone.</p> : undefined)}
      >
        {() => null}
      </QueryView>,
    );
    expect(html).toBe('<p>Gone.</p>');
  });
});

describe('combineQueries', () => {
  it('is pending while either is, failed when either failed, and refetches only the failed ones', () => {
    const calls: string[] = [];
    const a = state<number>({ data: 1, refetch: () => calls.push('a') });
    const b = state<string>({ isError: true, error: 'b failed', refetch: () => calls.push('b') });
    expect(combineQueries(a, state<string>({ isPending: true })).isPending).toBe(true);
    const both = combineQueries(a, b);
    expect([both.isError, both.error, both.data]).toEqual([true, 'b failed', undefined]);
    both.refetch();
    expect(calls).toEqual(['b']);
    expect(combineQueries(a, state<string>({ data: 'x' })).data).toEqual([1, 'x']);
  });
});
