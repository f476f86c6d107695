import { describe, expect, it } from '@jest/globals';
import { roomDraftFrom, roomPatch } from './room-draft';

const room = { name: 'Book club', description: 'Monthly reads', visibility: 'private' as const };

describe('roomPatch', () => {
  it('is empty when nothing changed, spaces the server trims included', () => {
    expect(roomPatch(room, roomDraftFrom(room))).toEqual({});
    expect(roomPatch(room, { ...roomDraftFrom(room), name: '  Book club ' })).toEqual({});
  });

  it('sends only what changed', () => {
    expect(roomPatch(room, { ...roomDraftFrom(room), visibility: 'public' })).toEqual({ visibility: 'public' });
    expect(roomPatch(room, { ...roomDraftFrom(room), description: '' })).toEqual({ description: '' });
  });

  it('sends an emptied name, so the server says why it is refused', () => {
    expect(roomPatch(room, { ...roomDraftFrom(room), name: '' })).toEqual({ name: '' });
  });
});
