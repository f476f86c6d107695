import { describe, expect, it } from '@jest/globals';
import { dayAfter, dayStart, isDay, parseSearchQuery, removeOperator } from './search-query';

describe('parseSearchQuery', () => {
  it('takes every operator out of the text and keeps the words', () => {
    expect(parseSearchQuery('deploy from:@ada in:#ops has:file before:2026-12-01 after:2026-11-01 failed')).toEqual({
      text: 'deploy failed',
      from: 'ada',
      room: 'ops',
      hasFile: true,
      before: '2026-12-01',
      after: '2026-11-01',
      problems: [],
    });
  });

  it('accepts names without @ or #, any case of the operator, and has:files', () => {
    expect(parseSearchQuery('FROM:ada In:ops HAS:files x')).toMatchObject({ text: 'x', from: 'ada', room: 'ops', hasFile: true });
  });

  it('keeps quoted phrases whole in the text, and reads quoted values with spaces', () => {
    expect(parseSearchQuery('"release notes" in:"#book club" draft')).toEqual({
      text: '"release notes" draft',
      room: 'book club',
      problems: [],
    });
  });

  it('leaves a word with a colon that is no operator, and an operator without a value, as text', () => {
    expect(parseSearchQuery('note: https://example.test from: to:ada')).toEqual({
      text: 'note: https://example.test from: to:ada',
      problems: [],
    });
  });

  it('says what it did not understand: a bad date, has: other than file', () => {
    const q = parseSearchQuery('x before:2026-02-30 after:yesterday has:link');
    expect(q.text).toBe('x');
    expect(q.before).toBeUndefined();
    expect(q.after).toBeUndefined();
    expect(q.hasFile).toBeUndefined();
    expect(q.problems).toHaveLength(3);
    expect(q.problems[0]).toContain('before:2026-02-30');
    expect(q.problems[1]).toContain('after:yesterday');
    expect(q.problems[2]).toContain('has:link');
  });

  it('lets the last of a repeated operator win', () => {
    expect(parseSearchQuery('a from:@ada from:@bo')).toMatchObject({ text: 'a', from: 'bo' });
  });

  it('gives empty text for operators alone (the search is not sent then)', () => {
    expect(parseSearchQuery('  from:@ada   in:#ops ').text).toBe('');
  });
});

describe('removeOperator', () => {
  it('removes every operator of one kind and keeps the rest as typed', () => {
    expect(removeOperator('deploy in:#ops from:@ada in:"#x y" "a phrase"', 'in')).toBe('deploy from:@ada "a phrase"');
  });
});

describe('days', () => {
  it('knows real days', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
  });

  it('turns a local day into the instants of its start and of the next day', () => {
    // Jest runs in America/Los_Angeles: local midnight is 08:00 UTC in winter.
    expect(dayStart('2026-12-01')).toBe('2026-12-01T08:00:00.000Z');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01T08:00:00.000Z');
  });
});
