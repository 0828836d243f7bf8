/**
 * ISO 8601 dates as written in front matter. A date with an offset is an
 * instant; one without is wall-clock time in the site's time zone, so an
 * editor in Rabat can write `2025-04-14 10:00` and mean Rabat time.
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 date; returns undefined when it is not one or names an
 * impossible day or time (2025-02-30, 24:61).
 *
 * @example parseIsoDate('2025-04-14T10:00:00+01:00', 'UTC')?.toISOString() === '2025-04-14T09:00:00.000Z'
 */
export function parseIsoDate(text: string, timeZone: string): Date | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = match;
  const fields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    ms: Number(frac.padEnd(3, '0').slice(0, 3)),
  };
  if (!isPossible(fields)) return undefined;
  const wallClockAsUtc = utcFromFields(fields);
  if (offset === undefined) return new Date(zonedToUtc(wallClockAsUtc, timeZone));
  if (offset.toUpperCase() === 'Z') return new Date(wallClockAsUtc);
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutesPart = Number(digits.slice(2));
  if (offsetMinutesPart > 59) return undefined;
  const offsetMinutes = offsetHours * 60 + offsetMinutesPart;
  if (offsetMinutes > 18 * 60) return undefined;
  return new Date(wallClockAsUtc - sign * offsetMinutes * 60_000);
}

interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function isPossible(f: DateFields): boolean {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.hour > 23 || f.minute > 59 || f.second > 59) return false;
  return f.day <= daysInMonth(f.year, f.month);
}

/** Proleptic Gregorian, so year 0 is a leap year and 100 is not. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : 28;
}

/** Like Date.UTC, but years 0–99 stay those years instead of becoming 1900–1999. */
function utcFromFields(f: DateFields): number {
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, f.ms);
  return date.getTime();
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset, in ms, at the instant `utcMs`. */
function offsetAt(utcMs: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  let beforeCommonEra = false;
  for (const part of format.formatToParts(new Date(utcMs))) {
    // Intl writes year 0 as "1 BC" and year -1 as "2 BC".
    if (part.type === 'era') beforeCommonEra = part.value === 'BC';
    else parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 0;
  const asUtc = utcFromFields({
    year: beforeCommonEra ? 1 - year : year,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    ms: 0,
  });
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

const DAY_MS = 86_400_000;

/**
 * Converts wall-clock time in `timeZone` (given as if it were UTC) to the
 * instant, as RFC 5545 does: a time repeated when clocks go back is its first
 * occurrence; a time skipped when they go forward takes the offset from
 * before the jump, so it moves forward by the gap (02:30 -> 03:30).
 * A day either side is past any transition near the wall time, since offsets
 * stay within ±18 h, and sees a single transition in real zones.
 */
function zonedToUtc(wallClockAsUtc: number, timeZone: string): number {
  const before = offsetAt(wallClockAsUtc - DAY_MS, timeZone);
  const after = offsetAt(wallClockAsUtc + DAY_MS, timeZone);
  const candidates = [wallClockAsUtc - before, wallClockAsUtc - after].filter(
    (instant) => instant + offsetAt(instant, timeZone) === wallClockAsUtc,
  );
  return candidates.length > 0 ? Math.min(...candidates) : wallClockAsUtc - before;
}

/** RFC 3339 in UTC without milliseconds when they are zero: stable, readable. */
export function toRfc3339(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
