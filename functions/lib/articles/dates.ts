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
  const wallClockAsUtc = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
    fields.ms,
  );
  if (offset === undefined) return new Date(zonedToUtc(wallClockAsUtc, timeZone));
  if (offset.toUpperCase() === 'Z') return new Date(wallClockAsUtc);
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
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
  const daysInMonth = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  return f.day <= daysInMonth;
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
  for (const part of format.formatToParts(new Date(utcMs))) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * Converts wall-clock time in `timeZone` (given as if it were UTC) to the
 * instant. Two passes settle DST edges; a time skipped by a DST jump moves
 * forward, as most calendars do.
 */
function zonedToUtc(wallClockAsUtc: number, timeZone: string): number {
  const first = wallClockAsUtc - offsetAt(wallClockAsUtc, timeZone);
  return wallClockAsUtc - offsetAt(first, timeZone);
}

/** RFC 3339 in UTC without milliseconds when they are zero: stable, readable. */
export function toRfc3339(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
