/** Date helpers. Birthdates are calendar dates (`YYYY-MM-DD`), never shifted by the viewer's time zone. */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "5 March 1990" (in the viewer's locale) for `1990-03-05`; the input back when it is not a real date. */
export function formatBirthdate(date: string, locale?: string): string {
  const m = DATE_ONLY.exec(date);
  if (!m) return date;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (utc.toISOString().slice(0, 10) !== date) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(utc);
}

/** The local calendar date of `now` as `YYYY-MM-DD` (the `max` of a birthdate input). */
export function localDateString(now: Date = new Date()): string {
  const y = String(now.getFullYear()).padStart(4, '0');
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** "November 2026" for a timestamp. */
export function formatMonthYear(iso: string, locale?: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(t);
}

/** "22 Nov 2026, 14:05" for a timestamp. */
export function formatDateTime(iso: string, locale?: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(t);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "in 3 days": the largest whole unit between `iso` and `now`. */
export function formatRelative(iso: string, now: number = Date.now(), locale?: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const seconds = Math.round((t - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(seconds < 0 ? -1 : 1, 'minute');
}
