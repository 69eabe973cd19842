import { axisScale } from './axis-scale.js';
import { seriesColors } from './chart-colors.js';
import { drawLegend, type LegendEntry } from './chart-legend.js';
import type { ChartSpec } from './chart-spec.js';
import { drawPanel } from './draw-panel.js';
import { element, textElement } from './svg-text.js';

const MARGIN = { left: 72, right: 24, rightWithAxis: 72, top: 12, bottom: 44 };
const PANEL_GAP = 28;

/**
 * A chart as one standalone SVG document (XML declaration-free, `xmlns` set, every text escaped),
 * ready to be written to a `.svg` file or inlined in HTML. The same spec gives the same string.
 * Elements carry classes (`panel`, `series`, `point`, `line`, `event`, `reference`, `legend-item`)
 * and `data-*` attributes with the values they draw.
 */
export function renderChart(spec: ChartSpec): string {
  if (spec.panels.length === 0) throw new TypeError('renderChart: a chart needs at least one panel');
  const width = spec.width ?? 800;
  const panelHeight = spec.panelHeight ?? (spec.panels.length > 1 ? 200 : 260);
  const anyRight = spec.panels.some((p) => p.series.some((s) => s.axis === 'right'));
  const left = MARGIN.left;
  const plotWidth = width - left - (anyRight ? MARGIN.rightWithAxis : MARGIN.right);
  const colors = seriesColors(spec);

  let top = MARGIN.top;
  const head: string[] = [];
  if (spec.title) {
    head.push(
      textElement(
        { class: 'title', x: width / 2, y: top + 16, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold' },
        spec.title,
      ),
    );
    top += 28;
  }
  if (spec.legend !== false) {
    const legend = drawLegend(legendEntries(spec, colors), left, top, plotWidth);
    head.push(legend.svg);
    top += legend.height + 8;
  }

  const xValues = spec.panels.flatMap((p) => [
    ...p.series.flatMap((s) => s.points.map((pt) => pt.x)),
    ...(p.events ?? []).map((e) => e.x),
  ]);
  const x = axisScale(spec.x, xValues, left, left + plotWidth);
  const panels = spec.panels.map((panel, index) => {
    top += panel.title ? 22 : 8;
    const box = { index, left, top, width: plotWidth, height: panelHeight };
    top += panelHeight + (index < spec.panels.length - 1 ? PANEL_GAP : 0);
    return drawPanel(panel, box, x, colors, index === spec.panels.length - 1);
  });
  const xLabel = spec.x.label
    ? textElement(
        { class: 'axis-label x', x: left + plotWidth / 2, y: top + 36, 'text-anchor': 'middle', 'font-size': 12 },
        spec.x.label,
      )
    : '';
  const height = top + MARGIN.bottom;
  const background = element('rect', { width, height, fill: 'white' });
  const body = background + head.join('') + panels.join('') + xLabel;
  const attrs = {
    xmlns: 'http://www.w3.org/2000/svg',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': 'system-ui, sans-serif',
  };
  return `${element('svg', attrs, body)}\n`;
}

function legendEntries(spec: ChartSpec, colors: Map<string, string>): LegendEntry[] {
  const seen = new Set<string>();
  const entries: LegendEntry[] = [];
  for (const series of spec.panels.flatMap((p) => p.series)) {
    if (seen.has(series.name)) continue;
    seen.add(series.name);
    entries.push({
      name: series.name,
      color: colors.get(series.name)!,
      style: series.style ?? 'line',
      dashed: series.dashed ?? false,
    });
  }
  return entries;
}
