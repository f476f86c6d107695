import type { ReactNode } from 'react';
import { describeError } from '../lib/errors';
import { Alert } from './alert';
import { Button } from './button';
import { Loading } from './spinner';

/** What QueryView reads of a query (a `useQuery` result has it all). */
export type QueryState<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
};

export type QueryViewProps<T> = {
  query: QueryState<T>;
  /** While the first answer is on its way: a large spinner with this label… */
  loadingLabel?: string;
  /** …or this instead (`null`: nothing). */
  pending?: ReactNode;
  /** What failed, said before the reason: "Could not load your friends." */
  errorText: ReactNode;
  /** Some errors say something else (a 404: "No such person"); undefined keeps the usual alert. */
  renderError?: (error: unknown) => ReactNode | undefined;
  /** A small "Try again" button, in cards and panes. */
  smallRetry?: boolean;
  /** A class for a box around the error alert. */
  errorClassName?: string;
  /** Shown instead of `children` when the answer is an empty list. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

/**
 * A query's states, in order: the first load (a spinner), a failure (what failed, why, and "Try again"), an empty
 * answer, and the data.
 */
export function QueryView<T>({
  query,
  loadingLabel,
  pending,
  errorText,
  renderError,
  smallRetry = false,
  errorClassName,
  empty,
  children,
}: QueryViewProps<T>) {
  if (query.isPending) return pending !== undefined ? pending : <Loading label={loadingLabel} />;
  if (query.isError) {
    const special = renderError?.(query.error);
    if (special !== undefined) return special;
    const alert = (
      <Alert
        action={
          <Button variant="secondary" className={smallRetry ? 'btn--small' : undefined} onClick={() => void query.refetch()}>
            Try again
          </Button>
        }
      >
        {errorText} {describeError(query.error)}
      </Alert>
    );
    return errorClassName ? <div className={errorClassName}>{alert}</div> : alert;
  }
  const data = query.data as T;
  return empty !== undefined && Array.isArray(data) && data.length === 0 ? empty : children(data);
}

/** Two queries as one: pending while either is, failed when either failed ("Try again" refetches the failed ones). */
export function combineQueries<A, B>(a: QueryState<A>, b: QueryState<B>): QueryState<[A, B]> {
  return {
    isPending: a.isPending || b.isPending,
    isError: a.isError || b.isError,
    error: a.error ?? b.error,
    data: a.data !== undefined && b.data !== undefined ? [a.data, b.data] : undefined,
    refetch: () => {
      if (a.isError) void a.refetch();
      if (b.isError) void b.refetch();
    },
  };
}
