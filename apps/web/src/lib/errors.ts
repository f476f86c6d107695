import { isApiError } from './api-client';

/** Field messages to show beside inputs, and one message for the alert above the form. */
export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "in 45 seconds", "in 2 minutes", "in about 1 hour". */
export function formatRetryAfter(seconds: number | null): string {
  if (seconds === null) return 'in a little while';
  if (seconds < 60) return `in ${Math.max(1, seconds)} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `in about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** One sentence for an alert: what failed and, where it helps, what to do about it. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return 'Something unexpected went wrong. Reload the page and try again.';
  switch (error.code) {
    case 'RATE_LIMITED':
      return `Too many attempts. Try again ${formatRetryAfter(error.retryAfterSeconds)}.`;
    case 'NETWORK_ERROR':
      return error.message;
    case 'INTERNAL':
    case 'BAD_RESPONSE':
      return 'Something went wrong on the server. Try again in a moment.';
    default:
      return capitalize(error.message);
  }
}

/**
 * Splits an error for a form: validation details whose field is one of the form's go beside that field (the first
 * message per field wins; `profile.bio` counts as `profile`); everything else ends up in the alert. When every detail
 * found its field, there is no alert: the fields say it all.
 */
export function toFormErrors<F extends string>(error: unknown, fields: readonly F[]): FormErrors<F> {
  if (error === null || error === undefined) return { fields: {}, form: null };
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED' || error.details.length === 0) {
    return { fields: {}, form: describeError(error) };
  }
  const known = new Set<string>(fields);
  const out: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const { field, message } of error.details) {
    const top = field.split('.')[0] ?? field;
    if (known.has(top)) {
      out[top as F] ??= message;
    } else {
      rest.push(`${field} ${message}`);
    }
  }
  return { fields: out, form: rest.length > 0 ? capitalize(rest.join('; ')) : null };
}
