import type { SeriesStyle } from './chart-spec.js';
import { element, textElement } from './svg-text.js';

export interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly style: SeriesStyle;
  readonly dashed: boolean;
}

const ROW = 18;
/** Monospace-ish estimate of a label's width: SVG cannot measure text without a renderer. */
const CHAR = 7;

/** Legend entries laid out left to right, wrapping at `width`; returns the SVG and its height. */
export function drawLegend(entries: readonly LegendEntry[], left: number, top: number, width: number) {
  const items: string[] = [];
  let x = left;
  let y = top;
  for (const entry of entries) {
    const itemWidth = 28 + entry.name.length * CHAR + 16;
    if (x > left && x + itemWidth > left + width) {
      x = left;
      y += ROW;
    }
    items.push(element('g', { class: 'legend-item', 'data-series': entry.name }, swatch(entry, x, y) + label(entry, x, y)));
    x += itemWidth;
  }
  const svg = element('g', { class: 'legend' }, items.join(''));
  return { svg, height: entries.length ? y - top + ROW : 0 };
}

function swatch(entry: LegendEntry, x: number, y: number): string {
  const mid = y + ROW / 2;
  const line =
    entry.style === 'scatter'
      ? ''
      : element('line', {
          x1: x,
          y1: mid,
          x2: x + 22,
          y2: mid,
          stroke: entry.color,
          'stroke-width': 2,
          'stroke-dasharray': entry.dashed ? '5 3' : undefined,
        });
  const dot =
    entry.style === 'scatter' || entry.style === 'line+markers'
      ? element('circle', { cx: x + 11, cy: mid, r: 3.5, fill: entry.color })
      : '';
  return line + dot;
}

function label(entry: LegendEntry, x: number, y: number): string {
  return textElement({ x: x + 28, y: y + ROW / 2 + 4, 'font-size': 12 }, entry.name);
}
