import { type AxisScale, axisScale } from './axis-scale.js';
import type { PanelSpec } from './chart-spec.js';
import { drawSeries } from './draw-series.js';
import { element, textElement } from './svg-text.js';

/** Where a panel's plot area sits, in px. */
export interface PanelBox {
  readonly index: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const AXIS = '#444';
const GRID = '#e5e5e5';

/**
 * One panel: frame, grid, y axes, reference lines, series, event markers and, for the last panel,
 * the shared x axis' tick labels (`xLabels`).
 */
export function drawPanel(panel: PanelSpec, box: PanelBox, x: AxisScale, colors: Map<string, string>, xLabels: boolean): string {
  const bottom = box.top + box.height;
  const values = (axis: 'left' | 'right') => [
    ...panel.series.filter((s) => (s.axis ?? 'left') === axis).flatMap((s) => s.points.map((p) => p.y)),
    ...(panel.references ?? []).filter((r) => (r.axis ?? 'left') === axis).map((r) => r.y),
  ];
  const y = axisScale(panel.y, values('left'), bottom, box.top);
  const hasRight = panel.series.some((s) => s.axis === 'right');
  const y2 = hasRight ? axisScale(panel.y2, values('right'), bottom, box.top) : undefined;
  const clipId = `godwit-chart-clip-${box.index}`;
  const clip = element(
    'clipPath',
    { id: clipId },
    element('rect', { x: box.left, y: box.top, width: box.width, height: box.height }),
  );
  const parts = [
    element('defs', {}, clip),
    grid(box, x, y),
    yAxis(box, y, panel.y?.label, 'left'),
    y2 ? yAxis(box, y2, panel.y2?.label, 'right') : '',
    xLabels ? xAxis(box, x) : '',
    panel.title
      ? textElement({ class: 'panel-title', x: box.left, y: box.top - 6, 'font-size': 12, 'font-weight': 'bold' }, panel.title)
      : '',
    references(panel, box, y, y2),
    ...panel.series.map((s) => drawSeries(s, colors.get(s.name)!, x, s.axis === 'right' && y2 ? y2 : y, clipId)),
    events(panel, box, x),
    element('rect', {
      class: 'frame',
      x: box.left,
      y: box.top,
      width: box.width,
      height: box.height,
      fill: 'none',
      stroke: AXIS,
    }),
  ];
  return element('g', { class: 'panel', 'data-panel': String(box.index) }, parts.join(''));
}

function grid(box: PanelBox, x: AxisScale, y: AxisScale): string {
  const bottom = box.top + box.height;
  const lines = [
    ...x.ticks.map((t) => element('line', { x1: x.toPx(t), y1: box.top, x2: x.toPx(t), y2: bottom })),
    ...y.ticks.map((t) => element('line', { x1: box.left, y1: y.toPx(t), x2: box.left + box.width, y2: y.toPx(t) })),
  ];
  return element('g', { class: 'grid', stroke: GRID }, lines.join(''));
}

function yAxis(box: PanelBox, y: AxisScale, label: string | undefined, side: 'left' | 'right'): string {
  const edge = side === 'left' ? box.left : box.left + box.width;
  const anchor = side === 'left' ? 'end' : 'start';
  const dx = side === 'left' ? -6 : 6;
  const ticks = y.ticks.map((t) =>
    textElement({ class: 'tick', x: edge + dx, y: y.toPx(t) + 4, 'text-anchor': anchor, 'font-size': 11 }, y.format(t)),
  );
  if (label) {
    const lx = side === 'left' ? edge - 52 : edge + 52;
    const ly = box.top + box.height / 2;
    const rotate = `rotate(${side === 'left' ? -90 : 90} ${lx} ${ly})`;
    ticks.push(
      textElement({ class: 'axis-label', x: lx, y: ly, 'text-anchor': 'middle', 'font-size': 12, transform: rotate }, label),
    );
  }
  return element('g', { class: `y-axis ${side}`, fill: AXIS }, ticks.join(''));
}

function xAxis(box: PanelBox, x: AxisScale): string {
  const y = box.top + box.height + 16;
  const ticks = x.ticks.map((t) =>
    textElement({ class: 'tick', x: x.toPx(t), y, 'text-anchor': 'middle', 'font-size': 11 }, x.format(t)),
  );
  return element('g', { class: 'x-axis', fill: AXIS }, ticks.join(''));
}

function references(panel: PanelSpec, box: PanelBox, y: AxisScale, y2: AxisScale | undefined): string {
  return (panel.references ?? [])
    .map((r) => {
      const scale = r.axis === 'right' && y2 ? y2 : y;
      const at = scale.toPx(r.y);
      const line = element('line', {
        x1: box.left,
        y1: at,
        x2: box.left + box.width,
        y2: at,
        stroke: '#888',
        'stroke-dasharray': '4 4',
      });
      const text = r.label
        ? textElement({ x: box.left + box.width - 4, y: at - 4, 'text-anchor': 'end', 'font-size': 11, fill: '#555' }, r.label)
        : '';
      return element('g', { class: 'reference', 'data-y': String(r.y) }, line + text);
    })
    .join('');
}

function events(panel: PanelSpec, box: PanelBox, x: AxisScale): string {
  return (panel.events ?? [])
    .map((e) => {
      const at = x.toPx(e.x);
      const color = e.color ?? '#D55E00';
      const line = element('line', { x1: at, y1: box.top, x2: at, y2: box.top + box.height, stroke: color, 'stroke-width': 1.5 });
      const mark = element('path', { d: `M${at - 4},${box.top} L${at + 4},${box.top} L${at},${box.top + 6} Z`, fill: color });
      const text = e.label ? textElement({ x: at + 3, y: box.top + 16, 'font-size': 10, fill: color }, e.label) : '';
      return element('g', { class: 'event', 'data-x': String(e.x) }, line + mark + text);
    })
    .join('');
}
