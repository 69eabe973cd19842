/** Date parts as DuckDB spells them, shared by the Redshift and BigQuery rules to DuckDB. */

/** A part's name for date_diff / date_trunc and its interval constructor (`to_days(n)`). */
export const DUCKDB_DATE_PARTS: Readonly<Record<string, { readonly name: string; readonly to: string }>> = {
  YEAR: { name: 'year', to: 'to_years' },
  QUARTER: { name: 'quarter', to: 'to_quarters' },
  MONTH: { name: 'month', to: 'to_months' },
  WEEK: { name: 'week', to: 'to_weeks' },
  DAY: { name: 'day', to: 'to_days' },
  HOUR: { name: 'hour', to: 'to_hours' },
  MINUTE: { name: 'minute', to: 'to_minutes' },
  SECOND: { name: 'second', to: 'to_seconds' },
  MILLISECOND: { name: 'millisecond', to: 'to_milliseconds' },
  MICROSECOND: { name: 'microsecond', to: 'to_microseconds' },
};

/**
 * Week boundaries crossed from DATE `a` to DATE `b`. DuckDB's date_diff('week') counts whole
 * weeks instead; Redshift and BigQuery count boundaries. `shift` days move the week's first day
 * from DuckDB's Monday: 1 for BigQuery's Sunday weeks.
 */
export function weekBoundaries(a: string, b: string, shift: number): string {
  const s = shift === 0 ? '' : ` + ${shift}`;
  return `(date_diff('day', date_trunc('week', ${a}${s}), date_trunc('week', ${b}${s})) // 7)`;
}
