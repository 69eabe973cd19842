import { GodwitError } from '../core/errors.js';

const DAY_MS = 86_400_000;
/** Calendar units have no fixed length; caching treats a year as 365 days and a month as 30. */
const UNIT_MS: Record<string, number> = {
  Y: 365 * DAY_MS,
  M: 30 * DAY_MS,
  W: 7 * DAY_MS,
  D: DAY_MS,
  H: 3_600_000,
  TM: 60_000,
  S: 1_000,
};

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const DURATION = new RegExp(
  `^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);

/**
 * An ISO-8601 duration in milliseconds, as SageMaker's cache `ExpireAfter`: `PT1H` → 3600000,
 * `P30D`, `P1DT2H`, `P4W`. Unit letters may be lower case (`P30d`), as SageMaker accepts.
 */
export function parseIsoDuration(s: string): number {
  const ms = tryParseIsoDuration(s);
  if (ms === undefined)
    throw new GodwitError('E_VALIDATION', `"${s}" is not an ISO-8601 duration. Write e.g. PT1H (one hour), P30D or P1DT12H.`);
  return ms;
}

export function tryParseIsoDuration(s: string): number | undefined {
  const m = DURATION.exec(s);
  // `P` alone and a `T` with nothing after it match the pattern but are not durations.
  if (!m || /^P$|T$/i.test(s)) return undefined;
  const [, y, mo, w, d, h, mi, sec] = m;
  const parts: [string | undefined, string][] = [
    [y, 'Y'],
    [mo, 'M'],
    [w, 'W'],
    [d, 'D'],
    [h, 'H'],
    [mi, 'TM'],
    [sec, 'S'],
  ];
  return parts.reduce((total, [n, unit]) => total + (n === undefined ? 0 : Number(n) * UNIT_MS[unit]), 0);
}
