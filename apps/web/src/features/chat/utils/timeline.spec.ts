import { describe, expect, it } from '@jest/globals';
import { message, user } from '../testing/fixtures';
import { buildTimeline, type DisplayMessage, type TimelineItem } from './timeline';

// Runs with TZ=America/Los_Angeles (jest.config.js): days are the viewer's local days, not UTC's.
const ada = user('ada');
const bo = user('bo');

function sent(seq: number, at: string, sender = ada): DisplayMessage {
  return { ...message(seq, { sender, createdAt: at }), status: 'sent' };
}

function shape(items: TimelineItem[]): string[] {
  return items.map((i) =>
    i.kind === 'day'
      ? `day:${i.label}`
      : i.kind === 'unread'
        ? 'unread'
        : `${i.message.seq}${i.groupStart ? '<' : ''}${i.groupEnd ? '>' : ''}`,
  );
}

const now = Date.parse('2026-11-20T20:00:00Z'); // Friday 20 Nov, 12:00 in Los Angeles

describe('buildTimeline', () => {
  it('puts a separator before each local day, named relative to today', () => {
    const items = buildTimeline(
      [
        sent(1, '2026-11-18T20:00:00Z'), // Wed 18 Nov local
        sent(2, '2026-11-20T07:30:00Z'), // Thu 19 Nov 23:30 local: still yesterday there
        sent(3, '2026-11-20T08:30:00Z'), // Fri 20 Nov 00:30 local
      ],
      { meId: 'bo', unreadAfterSeq: null, now },
    );
    expect(shape(items)).toEqual(['day:Wednesday, November 18', '1<>', 'day:Yesterday', '2<>', 'day:Today', '3<>']);
  });

  it('groups a run by one sender a few minutes apart, and breaks it on another sender or a long pause', () => {
    const items = buildTimeline(
      [
        sent(1, '2026-11-20T18:00:00Z'),
        sent(2, '2026-11-20T18:01:00Z'),
        sent(3, '2026-11-20T18:02:00Z', bo),
        sent(4, '2026-11-20T18:03:00Z'),
        sent(5, '2026-11-20T18:20:00Z'),
      ],
      { meId: 'ada', unreadAfterSeq: null, now },
    );
    expect(shape(items)).toEqual(['day:Today', '1<', '2>', '3<>', '4<>', '5<>']);
  });

  it('places "new messages" before the first later message from someone else, and breaks the run there', () => {
    const items = buildTimeline(
      [
        sent(1, '2026-11-20T18:00:00Z', bo),
        sent(2, '2026-11-20T18:00:10Z', bo),
        sent(3, '2026-11-20T18:00:20Z'), // mine after the marker: not "new" for me
        sent(4, '2026-11-20T18:00:30Z', bo),
        sent(5, '2026-11-20T18:00:40Z', bo),
      ],
      { meId: 'ada', unreadAfterSeq: 2, now },
    );
    expect(shape(items)).toEqual(['day:Today', '1<', '2>', '3<>', 'unread', '4<', '5>']);
  });

  it('has no line when nothing is unread or the marker is past the end', () => {
    const list = [sent(1, '2026-11-20T18:00:00Z', bo)];
    expect(shape(buildTimeline(list, { meId: 'ada', unreadAfterSeq: null, now }))).not.toContain('unread');
    expect(shape(buildTimeline(list, { meId: 'ada', unreadAfterSeq: 1, now }))).not.toContain('unread');
  });

  it('never puts the line before a message still in the outbox', () => {
    const pending: DisplayMessage = { ...message(1, { sender: bo, seq: Number.MAX_SAFE_INTEGER }), status: 'queued' };
    expect(shape(buildTimeline([pending], { meId: 'ada', unreadAfterSeq: 0, now }))).not.toContain('unread');
  });
});
