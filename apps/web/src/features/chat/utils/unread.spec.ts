import { describe, expect, it } from '@jest/globals';
import { message, user } from '../testing/fixtures';
import { unreadCountAfter } from './unread';

const bo = user('bo');
const fromBo = (seq: number) => message(seq, { sender: bo });

describe('unreadCountAfter', () => {
  it('counts others’ live messages after the marker, like the server', () => {
    const held = [fromBo(1), fromBo(2), message(3), { ...fromBo(4), deletedAt: '2026-11-21T00:00:00.000Z' }, fromBo(5)];
    expect(unreadCountAfter(held, 1, 'ada', 5)).toBe(2);
    expect(unreadCountAfter(held, 0, 'ada', 5)).toBe(3);
  });

  it('does not know when the held history starts after the first unread, has a hole, or lags behind', () => {
    expect(unreadCountAfter([fromBo(4), fromBo(5)], 2, 'ada', 5)).toBeNull();
    expect(unreadCountAfter([fromBo(1), fromBo(2), fromBo(4)], 1, 'ada', 4)).toBeNull();
    expect(unreadCountAfter([fromBo(1), fromBo(2)], 1, 'ada', 3)).toBeNull();
    expect(unreadCountAfter([], 0, 'ada', 0)).toBeNull();
  });
});
