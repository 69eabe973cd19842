import type { ChartSpec } from './chart-spec.js';

/** Colour-blind-safe (Okabe–Ito), in a fixed order so the same spec gives the same colours. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

/**
 * A colour per series name, in order of first appearance across panels: a series that appears in
 * two panels under one name is one legend entry with one colour. An explicit `color` wins.
 */
export function seriesColors(spec: ChartSpec): Map<string, string> {
  const colors = new Map<string, string>();
  for (const panel of spec.panels) {
    for (const series of panel.series) {
      if (colors.has(series.name)) continue;
      colors.set(series.name, series.color ?? PALETTE[colors.size % PALETTE.length]!);
    }
  }
  return colors;
}
