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

  it.each([
    ['2025-03-09T02:30', 'America/New_York', '2025-03-09T07:30:00.000Z'],
    ['2025-09-07T00:30', 'America/Santiago', '2025-09-07T04:30:00.000Z'],
    ['2025-03-30T02:30', 'Europe/Paris', '2025-03-30T01:30:00.000Z'],
    ['2025-10-05T02:15', 'Australia/Lord_Howe', '2025-10-04T15:45:00.000Z'],
  ])('moves %s, skipped by a spring-forward jump in %s, forward by the gap', (text, zone, expected) => {
    const parsed = parseIsoDate(text, zone);

    expect(parsed?.toISOString()).toBe(expected);
  });

  it.each([
    ['2025-03-09T01:59:59', 'America/New_York', '2025-03-09T06:59:59.000Z'],
    ['2025-03-09T03:00', 'America/New_York', '2025-03-09T07:00:00.000Z'],
    ['2025-03-30T01:59:59', 'Europe/Paris', '2025-03-30T00:59:59.000Z'],
    ['2025-03-30T03:00', 'Europe/Paris', '2025-03-30T01:00:00.000Z'],
    ['2025-11-02T00:59:59', 'America/New_York', '2025-11-02T04:59:59.000Z'],
    ['2025-11-02T02:00', 'America/New_York', '2025-11-02T07:00:00.000Z'],
    ['2025-10-26T01:59:59', 'Europe/Paris', '2025-10-25T23:59:59.000Z'],
    ['2025-10-26T03:00', 'Europe/Paris', '2025-10-26T02:00:00.000Z'],
  ])('reads %s in %s, next to a daylight-saving change, exactly', (text, zone, expected) => {
    const parsed = parseIsoDate(text, zone);

    expect(parsed?.toISOString()).toBe(expected);
  });

  it.each([
    ['2025-11-02T01:30', 'America/New_York', '2025-11-02T05:30:00.000Z'],
    ['2025-11-02T01:59:59', 'America/New_York', '2025-11-02T05:59:59.000Z'],
    ['2025-10-26T02:30', 'Europe/Paris', '2025-10-26T00:30:00.000Z'],
  ])('reads %s, repeated by a fall-back change in %s, as its first occurrence', (text, zone, expected) => {
    const parsed = parseIsoDate(text, zone);

    expect(parsed?.toISOString()).toBe(expected);
  });

  it.each(['2025-04-14T10:00+0099', '2025-04-14T10:00+01:60', '2025-04-14T10:00-00:75'])(
    'refuses the offset minutes in %j',
    (text) => {
      const parsed = parseIsoDate(text, 'UTC');

      expect(parsed).toBeUndefined();
    },
  );

  it.each([
    ['2025-04-14T10:00+14:00', '2025-04-13T20:00:00.000Z'],
    ['2025-04-14T10:00-12:00', '2025-04-14T22:00:00.000Z'],
    ['2025-04-14T10:00+05:45', '2025-04-14T04:15:00.000Z'],
    ['2025-04-14T10:00+0530', '2025-04-14T04:30:00.000Z'],
  ])('reads the extreme or part-hour offset in %j', (text, expected) => {
    const parsed = parseIsoDate(text, 'UTC');

    expect(parsed?.toISOString()).toBe(expected);
  });

  it.each([
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
    ['0000-02-29T00:00:00Z', '0000-02-29T00:00:00.000Z'],
    ['0004-02-29T12:00:00+01:00', '0004-02-29T11:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
  ])('keeps the year of %j, below 100, as written', (text, expected) => {
    const parsed = parseIsoDate(text, 'UTC');

    expect(parsed?.toISOString()).toBe(expected);
  });

  it.each(['0100-02-29', '0001-02-29', '1900-02-29'])(
    'refuses %j, a February 29 in a common year',
    (text) => {
      const parsed = parseIsoDate(text, 'UTC');

      expect(parsed).toBeUndefined();
    },
  );

  it.each([
    ['0050-06-01T12:00:00', 'Africa/Casablanca'],
    ['0000-01-01T00:00:00', 'America/New_York'],
    ['0000-02-29T12:00:00', 'Europe/Paris'],
    ['0099-12-31T23:59:59', 'Asia/Tokyo'],
  ])('keeps the year and wall-clock time of %s in %s', (text, zone) => {
    const parsed = parseIsoDate(text, zone) ?? new Date(Number.NaN);

    // The zone's offset then is local mean time; only the round trip is stable across tz data.
    const wallClock = new Date(parsed.getTime() + zoneOffsetMs(parsed, zone));
    expect(wallClock.toISOString()).toBe(`${text}.000Z`);
  });

  it('gives the same instants whatever the process time zone', () => {
    const saved = process.env.TZ;
    const seen: string[][] = [];

    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham']) {
        process.env.TZ = tz;
        seen.push([
          parseIsoDate('2025-03-09 02:30', 'America/New_York')?.toISOString() ?? '',
          parseIsoDate('0099-01-01 00:00', 'Europe/London')?.toISOString() ?? '',
        ]);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }

    // London kept local mean time, -0:01:15, in year 99.
    for (const instants of seen) {
      expect(instants).toEqual(['2025-03-09T07:30:00.000Z', '0099-01-01T00:01:15.000Z']);
    }
  });

  it('keeps fractional seconds to the millisecond', () => {
    expect(parseIsoDate('2025-04-14T10:00:00.123456Z', 'UTC')?.toISOString()).toBe(
      '2025-04-14T10:00:00.123Z',
    );
  });
});

/** The zone's UTC offset at `date` as Intl names it (GMT-00:30:20), independent of formatToParts. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(date)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name ?? '');
  if (!match) throw new Error(`unexpected offset name ${name}`);
  const [, sign = '+', h = '0', m = '0', s = '0'] = match;
  return (sign === '-' ? -1 : 1) * ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

describe('toRfc3339', () => {
  it('writes UTC without zero milliseconds', () => {
    expect(toRfc3339(new Date('2025-04-14T11:00:00Z'))).toBe('2025-04-14T11:00:00Z');
    expect(toRfc3339(new Date('2025-04-14T11:00:00.5Z'))).toBe('2025-04-14T11:00:00.500Z');
  });
});
