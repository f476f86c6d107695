import type { Me } from '@chat/contracts';
import type { UpdateMeInput } from '../api/update-me';

/** What the profile form edits, as the inputs hold it (an empty birthdate input is ""). */
export interface ProfileDraft {
  displayName: string;
  bio: string;
  birthdate: string;
}

export function draftFrom(me: Pick<Me, 'displayName' | 'bio' | 'birthdate'>): ProfileDraft {
  return { displayName: me.displayName, bio: me.bio, birthdate: me.birthdate ?? '' };
}

/**
 * The PATCH body for what changed: only edited fields are sent, compared as the server stores them (trimmed);
 * an emptied birthdate is sent as `null`, which clears it. Empty when nothing changed.
 */
export function profilePatch(me: Pick<Me, 'displayName' | 'bio' | 'birthdate'>, draft: ProfileDraft): UpdateMeInput {
  const patch: UpdateMeInput = {};
  if (draft.displayName.trim() !== me.displayName) patch.displayName = draft.displayName;
  if (draft.bio.trim() !== me.bio) patch.bio = draft.bio;
  const birthdate = draft.birthdate.trim() === '' ? null : draft.birthdate.trim();
  if (birthdate !== me.birthdate) patch.birthdate = birthdate;
  return patch;
}
