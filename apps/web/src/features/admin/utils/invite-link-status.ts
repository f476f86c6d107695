import type { InviteLink } from '@chat/contracts';

export type InviteLinkStatus = 'active' | 'revoked' | 'expired' | 'used-up';

/** Whether a link still lets someone in, and if not, why (revoked first: it is what an admin did on purpose). */
export function inviteLinkStatus(
  link: Pick<InviteLink, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>,
  now: number = Date.now(),
): InviteLinkStatus {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && Date.parse(link.expiresAt) <= now) return 'expired';
  if (link.maxUses !== null && link.uses >= link.maxUses) return 'used-up';
  return 'active';
}

export const INVITE_STATUS_LABEL: Record<InviteLinkStatus, string> = {
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
  'used-up': 'Used up',
};

/** "0 of 10 uses", "1 use, no limit". */
export function inviteUsesText(link: Pick<InviteLink, 'maxUses' | 'uses'>): string {
  if (link.maxUses === null) return `${link.uses} ${link.uses === 1 ? 'use' : 'uses'}, no limit`;
  return `${link.uses} of ${link.maxUses} ${link.maxUses === 1 ? 'use' : 'uses'}`;
}

/**
 * What the form's two optional numbers become: empty means no limit; anything else must be a whole number in range.
 * Returns the value to send, or the sentence to show beside the field.
 */
export function parseLimit(raw: string, max: number, label: string): { value: number | undefined } | { error: string } {
  const text = raw.trim();
  if (text === '') return { value: undefined };
  if (!/^\d+$/.test(text)) return { error: `${label} must be a whole number, or empty for no limit.` };
  const value = Number(text);
  if (value < 1 || value > max) return { error: `${label} must be between 1 and ${max.toLocaleString('en-US')}.` };
  return { value };
}
