import { describe, expect, it } from '@jest/globals';
import { formatBirthdate, formatRelative, localDateString } from './dates';

// jest.config.js runs these tests in America/Los_Angeles (UTC-8/-7), where date code that mixes UTC and local time
// shows the wrong day.
describe('time zone of the test run', () => {
  it('is west of UTC', () => {
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBeGreaterThan(0);
  });
});

describe('formatBirthdate', () => {
  it('shows the calendar day as stored, whatever the viewer time zone', () => {
    expect(formatBirthdate('1990-03-05', 'en-GB')).toBe('5 March 1990');
    expect(formatBirthdate('2000-01-01', 'en-US')).toBe('January 1, 2000');
  });

  it('gives back what is not a real calendar date', () => {
    expect(formatBirthdate('2023-02-30', 'en-GB')).toBe('2023-02-30');
    expect(formatBirthdate('yesterday', 'en-GB')).toBe('yesterday');
  });
});

describe('localDateString', () => {
  it('uses the local calendar date, not the UTC one', () => {
    // 02:00 UTC on the 1st is still the evening of the 31st in Los Angeles.
    expect(localDateString(new Date('2026-01-01T02:00:00Z'))).toBe('2025-12-31');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    ['2026-11-22T11:59:30Z', 'just now'],
    ['2026-11-22T11:55:00Z', '5 minutes ago'],
    ['2026-11-22T09:00:00Z', '3 hours ago'],
    ['2026-11-21T12:00:00Z', 'yesterday'],
    ['2026-11-08T12:00:00Z', '2 weeks ago'],
    ['2026-11-25T12:00:00Z', 'in 3 days'],
  ])('%s → %s', (iso, text) => {
    expect(formatRelative(iso, now, 'en')).toBe(text);
  });

  it('gives nothing for an unreadable time', () => {
    expect(formatRelative('not a time', now, 'en')).toBe('');
  });
});
