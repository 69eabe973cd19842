import type { AxisScale } from './axis-scale.js';
import type { ChartPoint, SeriesSpec } from './chart-spec.js';
import { element, escapeXml, px } from './svg-text.js';

/**
 * One series as a `<g class="series" data-series=…>`: a `<path class="line">` for line styles
 * (broken at non-finite points) and a `<circle class="point" data-x data-y>` per finite point for
 * marker styles, so a test can read back exactly which values were drawn.
 */
export function drawSeries(series: SeriesSpec, color: string, x: AxisScale, y: AxisScale, clipId: string): string {
  const style = series.style ?? 'line';
  let body = '';
  if (style !== 'scatter') {
    const d = style === 'step' ? stepPath(series.points, x, y) : linePath(series.points, x, y);
    if (d) {
      const dash = series.dashed ? '6 4' : undefined;
      body += element('path', { class: 'line', d, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': dash });
    }
  }
  if (style === 'scatter' || style === 'line+markers') body += markers(series.points, color, x, y);
  const attrs = {
    class: 'series',
    'data-series': series.name,
    'data-axis': series.axis ?? 'left',
    'clip-path': `url(#${clipId})`,
  };
  return element('g', attrs, body);
}

function finite(p: ChartPoint): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y);
}

function linePath(points: readonly ChartPoint[], x: AxisScale, y: AxisScale): string {
  const parts: string[] = [];
  let pen = 'M';
  for (const p of points) {
    if (!finite(p)) {
      pen = 'M';
      continue;
    }
    parts.push(`${pen}${px(x.toPx(p.x))},${px(y.toPx(p.y))}`);
    pen = 'L';
  }
  return parts.join(' ');
}

function stepPath(points: readonly ChartPoint[], x: AxisScale, y: AxisScale): string {
  const parts: string[] = [];
  let previous: ChartPoint | undefined;
  for (const p of points) {
    if (!finite(p)) {
      previous = undefined;
      continue;
    }
    if (previous === undefined) parts.push(`M${px(x.toPx(p.x))},${px(y.toPx(p.y))}`);
    else parts.push(`H${px(x.toPx(p.x))} V${px(y.toPx(p.y))}`);
    previous = p;
  }
  return parts.join(' ');
}

function markers(points: readonly ChartPoint[], color: string, x: AxisScale, y: AxisScale): string {
  return points
    .filter(finite)
    .map((p) => {
      const title = element('title', {}, escapeXml(p.label ?? `${p.x}, ${p.y}`));
      const attrs = {
        class: 'point',
        cx: x.toPx(p.x),
        cy: y.toPx(p.y),
        r: 3.5,
        fill: color,
        'data-x': String(p.x),
        'data-y': String(p.y),
      };
      return element('circle', attrs, title);
    })
    .join('');
}
