import type { DmPolicy, Me } from '@chat/contracts';
import type { UpdateMeInput } from '../api/update-me';

/** What the profile form edits, as the inputs hold it (an empty birthdate input is ""). */
export interface ProfileDraft {
  displayName: string;
  bio: string;
  birthdate: string;
  /** Who may start a conversation with me. */
  dmPolicy: DmPolicy;
}

type Editable = Pick<Me, 'displayName' | 'bio' | 'birthdate' | 'dmPolicy'>;

export function draftFrom(me: Editable): ProfileDraft {
  return { displayName: me.displayName, bio: me.bio, birthdate: me.birthdate ?? '', dmPolicy: me.dmPolicy };
}

/**
 * The PATCH body for what changed: only edited fields are sent, compared as the server stores them (trimmed);
 * an emptied birthdate is sent as `null`, which clears it. Empty when nothing changed.
 */
export function profilePatch(me: Editable, draft: ProfileDraft): UpdateMeInput {
  const patch: UpdateMeInput = {};
  if (draft.displayName.trim() !== me.displayName) patch.displayName = draft.displayName;
  if (draft.bio.trim() !== me.bio) patch.bio = draft.bio;
  const birthdate = draft.birthdate.trim() === '' ? null : draft.birthdate.trim();
  if (birthdate !== me.birthdate) patch.birthdate = birthdate;
  if (draft.dmPolicy !== me.dmPolicy) patch.dmPolicy = draft.dmPolicy;
  return patch;
}
