const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of an RFC 3339 / ISO 8601 extended date-time with an offset
 * (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+02:00`), or undefined when `text` is not
 * one: what `IsTimestamp`, the `Timestamp*` comparisons and a Wait's `Timestamp` accept.
 */
export function parseTimestamp(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  const fraction = m[7] ? Number(`0${m[7]}`) * 1000 : 0;
  const zone = m[8]!.toUpperCase();
  const offsetMinutes =
    zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) + fraction - offsetMinutes * 60_000;
}
