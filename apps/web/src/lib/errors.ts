import type { FieldError } from '@chat/contracts';
import { isApiError } from './api-client';

/**
 * The one place where an error of the API (or of the network) becomes words for a person. No server field name
 * (`avatarFileId`), no contract code (`UNAVAILABLE`) and no technical wording (`multipart/form-data`) ever reaches the
 * screen: field details become sentences through `fieldSentence`, codes through `describeError`, and a server message
 * is shown only when it already reads as a sentence (`readsAsSentence`); otherwise the code's own sentence stands in.
 */

/** Field messages to show beside inputs (whole sentences), and one message for the alert above the form. */
export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

/** The contract's field names as a person calls them. A field not listed here is never named on screen. */
const FIELD_LABELS: Record<string, string> = {
  username: 'Username',
  email: 'Email',
  login: 'Username or email',
  password: 'Password',
  newPassword: 'New password',
  currentPassword: 'Current password',
  displayName: 'Display name',
  bio: 'Bio',
  birthdate: 'Birthday',
  dmPolicy: 'Who can message you',
  name: 'Name',
  description: 'Description',
  visibility: 'Visibility',
};

/** Sentences for what one field's detail says, most specific first; `label` is the field as a person calls it. */
const FIELD_RULES: Array<{ field?: string; when: RegExp; say: (label: string, m: RegExpMatchArray) => string }> = [
  { field: 'currentPassword', when: /not your current password/, say: () => 'That’s not your current password.' },
  { field: 'password', when: /not your password/, say: () => 'That’s not your password.' },
  { field: 'username', when: /is taken/, say: () => 'This username is taken. Try another one.' },
  { field: 'username', when: /may contain only/, say: () => 'Use only letters, digits, “_”, “.” and “-”.' },
  {
    field: 'email',
    when: /already registered/,
    say: () => 'An account with this email already exists. Log in instead, or use another email.',
  },
  { field: 'token', when: /invalid|expired|used/, say: () => 'This link is no longer valid. Ask for a new one.' },
  { field: 'birthdate', when: /past date/, say: () => 'Enter a birthday in the past, after 1900.' },
  { when: /^must be (\d+) to (\d+) characters$/, say: (l, m) => `${l} must be ${m[1]} to ${m[2]} characters.` },
  { when: /^must be at most (\d+) characters$/, say: (l, m) => `${l} can be at most ${m[1]} characters.` },
  { when: /^is too long$/, say: (l) => `${l} is too long.` },
  { when: /valid email/, say: () => 'Enter an email address such as name@example.com.' },
  { when: /must be a date/, say: () => 'Enter a date.' },
  { when: /control characters|NUL characters/, say: (l) => `${l} contains characters that cannot be used.` },
  { when: /empty|required|should not be/, say: (l) => `${l} cannot be empty.` },
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  const t = capitalize(text.trim());
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/**
 * Whether a server message can be shown as it is: no identifier (`avatarFileId`, `reply_to_id`), no code
 * (`NOT_FOUND`), no MIME type or other technical word.
 */
export function readsAsSentence(text: string): boolean {
  if (!text.trim() || /^[A-Z_\s]+$/.test(text.trim())) return false;
  return !/\b[a-z]+[A-Z][A-Za-z]*\b|\b\w+_\w+\b|\b[A-Z]{2,}_[A-Z_]+\b|\bmultipart\b|\/form-data|\bUUID\b|\bJSON\b/.test(text);
}

/** One whole sentence for one field's detail, or null when the field is not one a person knows by name. */
export function fieldSentence(field: string, message: string): string | null {
  const top = field.split('.')[0] ?? field;
  const label = FIELD_LABELS[top];
  for (const rule of FIELD_RULES) {
    if (rule.field !== undefined && rule.field !== top) continue;
    const m = message.match(rule.when);
    if (m && (label || rule.field)) return rule.say(label ?? '', m);
  }
  if (!label) return null;
  return readsAsSentence(message) ? sentence(`${label} ${message}`) : `Check the ${label.toLowerCase()}.`;
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

const NOT_ACCEPTED = 'Some of what you entered was not accepted. Check it and try again.';

/** The alert's sentence for validation details that have no field of their own on screen. */
function detailsSentence(details: readonly FieldError[]): string {
  const said = details.map((d) => fieldSentence(d.field, d.message));
  if (said.length > 0 && said.every((s) => s !== null)) return [...new Set(said)].join(' ');
  return NOT_ACCEPTED;
}

/** One sentence (or two) for an alert: what failed and, where it helps, what to do about it. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return 'Something unexpected went wrong. Reload the page and try again.';
  const { code, message } = error;
  switch (code) {
    case 'RATE_LIMITED':
      return `Too many attempts. Try again ${formatRetryAfter(error.retryAfterSeconds)}.`;
    case 'UNAVAILABLE':
      return `The server is busy right now and nothing was saved. Try again ${
        error.retryAfterSeconds !== null && error.retryAfterSeconds < 60 ? 'in a moment' : formatRetryAfter(error.retryAfterSeconds)
      }.`;
    case 'NETWORK_ERROR':
      return message;
    case 'INTERNAL':
    case 'BAD_RESPONSE':
      return 'Something went wrong on the server. Try again in a moment.';
    case 'VALIDATION_FAILED':
      return detailsSentence(error.details);
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'This type of file is not accepted here.';
    case 'PAYLOAD_TOO_LARGE':
      return readsAsSentence(message) ? sentence(message) : 'This is too large to send.';
    case 'UNAUTHENTICATED':
      return readsAsSentence(message) ? sentence(message) : 'Your session ended. Log in again.';
    case 'NOT_FOUND':
      return readsAsSentence(message) ? sentence(message) : 'This no longer exists, or you cannot see it.';
    case 'FORBIDDEN':
      return readsAsSentence(message) ? sentence(message) : 'You are not allowed to do this.';
    case 'CONFLICT':
      return readsAsSentence(message) ? sentence(message) : 'This was changed meanwhile. Reload and try again.';
    default:
      return readsAsSentence(message) ? sentence(message) : 'Something went wrong. Try again.';
  }
}

/**
 * Splits an error for a form: details (of a 400, or the 409 of a taken username or email) whose field is one of the
 * form's go beside that field as a sentence (the first per field wins; `profile.bio` counts as `profile`); everything
 * else ends up in the alert. When every detail found its field, there is no alert: the fields say it all.
 */
export function toFormErrors<F extends string>(error: unknown, fields: readonly F[]): FormErrors<F> {
  if (error === null || error === undefined) return { fields: {}, form: null };
  const perField = isApiError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT') && error.details.length > 0;
  if (!isApiError(error) || !perField) return { fields: {}, form: describeError(error) };
  const known = new Set<string>(fields);
  const out: Partial<Record<F, string>> = {};
  const rest: FieldError[] = [];
  for (const detail of error.details) {
    const top = detail.field.split('.')[0] ?? detail.field;
    const said = known.has(top) ? fieldSentence(detail.field, detail.message) : null;
    if (said !== null) out[top as F] ??= said;
    else rest.push(detail);
  }
  return { fields: out, form: rest.length > 0 ? detailsSentence(rest) : null };
}

/** Whether trying the same thing again may work (the network, the server, a limit), as opposed to an input error. */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return ['NETWORK_ERROR', 'INTERNAL', 'BAD_RESPONSE', 'UNAVAILABLE', 'RATE_LIMITED'].includes(error.code);
}
