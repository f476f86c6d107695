/** Times of messages and conversations, in the viewer's time zone and locale. */

const DAY_MS = 24 * 3600 * 1000;

function startOfDay(t: Date): number {
  return new Date(t.getFullYear(), t.getMonth(), t.getDate()).getTime();
}

/** Whole calendar days from `iso` to `now` in local time (0 today, 1 yesterday); daylight-saving safe. */
export function daysAgo(iso: string, now: number): number {
  return Math.round((startOfDay(new Date(now)) - startOfDay(new Date(iso))) / DAY_MS);
}

/** The local calendar day of a timestamp, `YYYY-MM-DD`: the key of a day separator. */
export function localDayKey(iso: string): string {
  const t = new Date(iso);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", "Monday, November 17", or with the year when it is not this year. */
export function dayLabel(iso: string, now: number, locale?: string): string {
  const days = daysAgo(iso, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const t = new Date(iso);
  const sameYear = t.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(t);
}

/** "2:05 PM" in the viewer's locale. */
export function clockTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(iso));
}

/** Beside a message: "just now", "5 min ago" within the hour, then the clock time (the day separator gives the date). */
export function messageTime(iso: string, now: number, locale?: string): string {
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  return clockTime(iso, locale);
}

/** The full moment, for a tooltip: "Monday, November 17, 2026 at 2:05:33 PM". */
export function exactTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium' }).format(new Date(iso));
}

/** In the conversation list: the time today, "Yesterday", a weekday within the week, else a short date. */
export function listTime(iso: string, now: number, locale?: string): string {
  const days = daysAgo(iso, now);
  if (days <= 0) return clockTime(iso, locale);
  if (days === 1) return 'Yesterday';
  const t = new Date(iso);
  if (days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(t);
  if (t.getFullYear() === new Date(now).getFullYear()) return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(t);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(t);
}
