import type { InviteLink } from '@chat/contracts';

/** A choice of how long something lasts, as a select offers it; `hours: null` is "no end". */
export interface DurationOption {
  value: string;
  label: string;
  hours: number | null;
}

export const BAN_DURATIONS: readonly DurationOption[] = [
  { value: 'forever', label: 'Until lifted', hours: null },
  { value: '1h', label: '1 hour', hours: 1 },
  { value: '1d', label: '1 day', hours: 24 },
  { value: '7d', label: '7 days', hours: 24 * 7 },
  { value: '30d', label: '30 days', hours: 24 * 30 },
];

export const LINK_EXPIRIES: readonly DurationOption[] = [
  { value: 'never', label: 'Never', hours: null },
  { value: '1h', label: 'In 1 hour', hours: 1 },
  { value: '1d', label: 'In 1 day', hours: 24 },
  { value: '7d', label: 'In 7 days', hours: 24 * 7 },
  { value: '30d', label: 'In 30 days', hours: 24 * 30 },
];

/** The `expiresAt` of a ban chosen as a duration: null for a ban without end. */
export function banExpiresAt(value: string, now: number = Date.now()): string | null {
  const hours = BAN_DURATIONS.find((d) => d.value === value)?.hours ?? null;
  return hours === null ? null : new Date(now + hours * 3_600_000).toISOString();
}

/** The `expiresInHours` of a link chosen from LINK_EXPIRIES: undefined for a link that never expires. */
export function linkExpiresInHours(value: string): number | undefined {
  return LINK_EXPIRIES.find((d) => d.value === value)?.hours ?? undefined;
}

export type MaxUsesInput = { ok: true; value: number | undefined } | { ok: false; error: string };

/** The "max uses" field: empty is unlimited; otherwise a whole number from 1 to `max`. */
export function parseMaxUses(text: string, max: number): MaxUsesInput {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(t)) return { ok: false, error: 'Enter a whole number, or leave it empty for no limit.' };
  const n = Number(t);
  if (n < 1 || n > max) return { ok: false, error: `Enter a number from 1 to ${max.toLocaleString('en')}.` };
  return { ok: true, value: n };
}

export type LinkState = 'active' | 'revoked' | 'expired' | 'used-up';

/** Whether a link still lets people in, and if not why (revoked first: it was a decision). */
export function linkState(link: Pick<InviteLink, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>, now: number = Date.now()): LinkState {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && Date.parse(link.expiresAt) <= now) return 'expired';
  if (link.maxUses !== null && link.uses >= link.maxUses) return 'used-up';
  return 'active';
}

export const LINK_STATE_LABEL: Record<LinkState, string> = {
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
  'used-up': 'Used up',
};

/** "3 of 10 uses", "1 use", "No uses yet". */
export function usesText(link: Pick<InviteLink, 'maxUses' | 'uses'>): string {
  if (link.maxUses !== null) return `${link.uses} of ${link.maxUses} ${link.maxUses === 1 ? 'use' : 'uses'}`;
  if (link.uses === 0) return 'No uses yet';
  return `${link.uses} ${link.uses === 1 ? 'use' : 'uses'}`;
}
