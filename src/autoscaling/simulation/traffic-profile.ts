import { GodwitError } from '../../core/errors.js';

/**
 * A traffic profile: requests per minute for each simulated minute from 0. Read from a CSV of
 * `minute,requests_per_minute` rows (a header line is skipped; minutes need not be contiguous:
 * a minute left out repeats the rate before it, as a step function does), or made by `diurnal`.
 */
export type TrafficProfile = readonly number[];

const MAX_MINUTES = 366 * 24 * 60;

export function readTrafficCsv(text: string, source = 'the traffic profile'): TrafficProfile {
  const points: [number, number][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = trimmed.split(',').map((c) => c.trim());
    const [minute, rate] = [Number(cells[0]), Number(cells[1])];
    if (i === 0 && (Number.isNaN(minute) || Number.isNaN(rate))) return; // a header line
    if (
      cells.length < 2 ||
      !Number.isInteger(minute) ||
      minute < 0 ||
      minute >= MAX_MINUTES ||
      !Number.isFinite(rate) ||
      rate < 0
    ) {
      throw profileError(`Line ${i + 1} of ${source} is "${trimmed}", not "minute,requests_per_minute".`);
    }
    points.push([minute, rate]);
  });
  if (points.length === 0) throw profileError(`${source} has no rows.`);
  points.sort((a, b) => a[0] - b[0]);
  const out: number[] = new Array(points[points.length - 1][0] + 1);
  let at = 0;
  let rate = points[0][1];
  for (let minute = 0; minute < out.length; minute++) {
    while (at < points.length && points[at][0] <= minute) rate = points[at++][1];
    out[minute] = rate;
  }
  return out;
}

export interface DiurnalCurve {
  /** Requests per minute at the busiest minute and the quietest. */
  readonly peak: number;
  readonly trough: number;
  /** Minutes per cycle; a day by default. */
  readonly periodMinutes?: number;
  /** How long to simulate; one period by default. */
  readonly minutes?: number;
  /** The minute of the first peak; half a period by default (the curve starts at its trough). */
  readonly peakAt?: number;
}

/** A smooth daily cycle: a raised cosine from `trough` to `peak` and back, once per period. */
export function diurnal(curve: DiurnalCurve): TrafficProfile {
  const period = curve.periodMinutes ?? 1440;
  const minutes = curve.minutes ?? period;
  const peakAt = curve.peakAt ?? period / 2;
  if (!(curve.peak >= curve.trough && curve.trough >= 0) || !(period > 0) || !(minutes > 0 && minutes <= MAX_MINUTES)) {
    throw profileError(
      `A diurnal curve needs peak ≥ trough ≥ 0 and a positive period and length (got peak ${curve.peak}, trough ${curve.trough}, period ${period}, minutes ${minutes}).`,
    );
  }
  return Array.from({ length: minutes }, (_, m) => {
    const phase = (2 * Math.PI * (m - peakAt)) / period;
    return Math.round((curve.trough + ((curve.peak - curve.trough) * (1 + Math.cos(phase))) / 2) * 1000) / 1000;
  });
}

function profileError(message: string): GodwitError {
  return new GodwitError('E_TRAFFIC_PROFILE', message, {
    hint: 'Give a CSV of minute,requests_per_minute rows (--traffic FILE) or a curve (--peak N --trough N [--period MINUTES]).',
  });
}
