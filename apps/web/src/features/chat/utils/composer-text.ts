import { isBlank, LIMITS } from '@chat/contracts';
import { countCodePoints } from '../../../lib/text';

export const BODY_MAX = LIMITS.messageBodyMax;
/** The counter shows from this many code points on. */
export const COUNTER_FROM = BODY_MAX - 500;

export interface DraftState {
  /** Code points, the unit of the server's limit (after trimming, as the server counts). */
  length: number;
  over: boolean;
  blank: boolean;
  canSend: boolean;
  showCounter: boolean;
}

export function draftState(text: string): DraftState {
  const length = countCodePoints(text.trim());
  const over = length > BODY_MAX;
  const blank = isBlank(text);
  return { length, over, blank, canSend: !over && !blank, showCounter: length >= COUNTER_FROM };
}

/** A short one-line excerpt of a body, for previews and reply quotes. */
export function excerpt(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** A clientId for a new message: a UUID, also where `crypto.randomUUID` is missing (plain http on a LAN address). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
