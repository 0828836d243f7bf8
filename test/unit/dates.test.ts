import { describe, expect, it } from 'vitest';
import { parseIsoDate, toRfc3339 } from '../../functions/lib/articles/dates.js';

describe('parseIsoDate', () => {
  it('reads a date with an offset as that instant', () => {
    expect(parseIsoDate('2025-04-14T12:00:00+01:00', 'UTC')?.toISOString()).toBe('2025-04-14T11:00:00.000Z');
    expect(parseIsoDate('2025-04-14T12:00:00-0530', 'UTC')?.toISOString()).toBe('2025-04-14T17:30:00.000Z');
    expect(parseIsoDate('2025-04-14T11:00:00Z', 'Asia/Tokyo')?.toISOString()).toBe(
      '2025-04-14T11:00:00.000Z',
    );
  });

  it('reads a date without an offset as wall-clock time in the site time zone', () => {
    expect(parseIsoDate('2025-04-14T12:00', 'Africa/Casablanca')?.toISOString()).toBe(
      '2025-04-14T11:00:00.000Z',
    );
    expect(parseIsoDate('2025-04-14 12:00:00', 'America/New_York')?.toISOString()).toBe(
      '2025-04-14T16:00:00.000Z',
    );
    expect(parseIsoDate('2025-01-14', 'Europe/Paris')?.toISOString()).toBe('2025-01-13T23:00:00.000Z');
  });

  it('settles daylight-saving edges', () => {
    // 02:30 does not exist in Paris on 2025-03-30; it moves forward to 03:30 CEST.
    expect(parseIsoDate('2025-03-30T02:30', 'Europe/Paris')?.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(parseIsoDate('2025-07-01T12:00', 'Europe/Paris')?.toISOString()).toBe('2025-07-01T10:00:00.000Z');
  });

  it.each([
    '14/04/2025',
    '2025-02-30',
    '2025-13-01',
    '2025-04-14T24:00',
    '2025-04-14T10:61',
    'yesterday',
    '',
    '2025-04-14T10:00+25:00',
  ])('refuses %j', (text) => {
    expect(parseIsoDate(text, 'UTC')).toBeUndefined();
  });

  it('keeps fractional seconds to the millisecond', () => {
    expect(parseIsoDate('2025-04-14T10:00:00.123456Z', 'UTC')?.toISOString()).toBe(
      '2025-04-14T10:00:00.123Z',
    );
  });
});

describe('toRfc3339', () => {
  it('writes UTC without zero milliseconds', () => {
    expect(toRfc3339(new Date('2025-04-14T11:00:00Z'))).toBe('2025-04-14T11:00:00Z');
    expect(toRfc3339(new Date('2025-04-14T11:00:00.5Z'))).toBe('2025-04-14T11:00:00.500Z');
  });
});
