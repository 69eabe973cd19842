import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { type ChartSpec, escapeXml, niceTicks, renderChart } from '../../src/charts/index.js';

/** Every element with `class="<name>"` (or a class list starting with it) and its attributes. */
function elements(svg: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*\/?>/g)) {
    const attrs: Record<string, string> = { tag: m[1]! };
    for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    if (attrs.class?.split(' ')[0] === cls) found.push(attrs);
  }
  return found;
}

/** Parses the SVG with Python's XML parser: a real check that the document is well-formed. */
function parseWithPython(svg: string): { root: string; circles: number } {
  const script = [
    'import sys, json, xml.etree.ElementTree as ET',
    'root = ET.fromstring(sys.stdin.read())',
    'ns = "{http://www.w3.org/2000/svg}"',
    'print(json.dumps({"root": root.tag, "circles": len(root.findall(".//" + ns + "circle[@class=\'point\']"))}))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' }));
}

const latency: ChartSpec = {
  title: 'p99 latency vs throughput <model "a&b">',
  x: { label: 'throughput (req/s)' },
  panels: [
    {
      y: { label: 'p99 latency (ms)' },
      series: [
        {
          name: '1 instance',
          style: 'line+markers',
          points: [
            { x: 100, y: 2 },
            { x: 180, y: 4.5, label: 'c=4' },
            { x: 200, y: 9 },
          ],
        },
        {
          name: '2 instances',
          style: 'line+markers',
          points: [
            { x: 150, y: 2.2 },
            { x: 330, y: 5 },
          ],
        },
      ],
      references: [{ y: 8, label: 'target p99 8 ms' }],
    },
  ],
};

test('nice ticks are round numbers covering the range', () => {
  assert.deepEqual(niceTicks(0, 97).values, [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0.1, 0.3, 3).values, [0.1, 0.2, 0.3]);
  const t = niceTicks(3.2, 1234.5);
  assert.equal(t.min, 0);
  assert.equal(t.max, 1500);
  assert.deepEqual(t.values, [0, 500, 1000, 1500]);
  assert.deepEqual(niceTicks(5, 5).values.length > 1, true, 'a flat range still gets an axis');
  assert.deepEqual(niceTicks(-0.7, 0.7).values, [-1, -0.5, 0, 0.5, 1]);
});

test('a scatter/line chart draws every point with its values, a legend entry per series and the reference line', () => {
  const svg = renderChart(latency);
  const points = elements(svg, 'point');
  assert.deepEqual(
    points.map((p) => [p['data-x'], p['data-y']]),
    [
      ['100', '2'],
      ['180', '4.5'],
      ['200', '9'],
      ['150', '2.2'],
      ['330', '5'],
    ],
  );
  assert.deepEqual(
    elements(svg, 'legend-item').map((e) => e['data-series']),
    ['1 instance', '2 instances'],
  );
  assert.deepEqual(
    elements(svg, 'reference').map((e) => e['data-y']),
    ['8'],
  );
  assert.equal(elements(svg, 'line').length, 2, 'one path per line+markers series');
  assert.match(svg, /<title>c=4<\/title>/);
  // Higher y is drawn higher (smaller cy): 9 ms sits above 2 ms.
  assert.ok(Number(points[2]!.cy) < Number(points[0]!.cy));
  // Higher x is drawn further right.
  assert.ok(Number(points[4]!.cx) > Number(points[0]!.cx));
  const parsed = parseWithPython(svg);
  assert.equal(parsed.root, '{http://www.w3.org/2000/svg}svg');
  assert.equal(parsed.circles, 5);
});

test('text is XML-escaped and the output is deterministic', () => {
  const svg = renderChart(latency);
  assert.match(svg, /p99 latency vs throughput &lt;model &quot;a&amp;b&quot;&gt;/);
  assert.equal(renderChart(latency), svg);
  assert.equal(escapeXml(`<a b="c" d='e'>&`), '&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;');
});

test('stacked panels share the x axis; a second y axis, step lines, gaps and event markers', () => {
  const minutes = [0, 1, 2, 3, 4, 5];
  const spec: ChartSpec = {
    x: { label: 'minute', format: (v) => `${v}m` },
    panels: [
      {
        title: 'Capacity',
        y: { label: 'instances', min: 0 },
        y2: { label: 'req/min' },
        series: [
          { name: 'instances', style: 'step', points: minutes.map((m) => ({ x: m, y: m < 3 ? 1 : 3 })) },
          { name: 'traffic', axis: 'right', points: minutes.map((m) => ({ x: m, y: m === 2 ? Number.NaN : 1000 * m })) },
        ],
      },
      {
        title: 'Load per instance',
        series: [{ name: 'load', dashed: true, points: minutes.map((m) => ({ x: m, y: 300 + m })) }],
        events: [{ x: 2, label: 'breach' }],
      },
    ],
  };
  const svg = renderChart(spec);
  assert.equal(elements(svg, 'panel').length, 2);
  const series = elements(svg, 'series');
  assert.deepEqual(
    series.map((s) => [s['data-series'], s['data-axis']]),
    [
      ['instances', 'left'],
      ['traffic', 'right'],
      ['load', 'left'],
    ],
  );
  const [step, traffic] = elements(svg, 'line');
  assert.match(step!.d!, /^M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+/, 'a step path moves horizontally then vertically');
  assert.equal(traffic!.d!.match(/M/g)!.length, 2, 'the NaN point breaks the line in two');
  assert.deepEqual(
    elements(svg, 'event').map((e) => e['data-x']),
    ['2'],
  );
  assert.equal(elements(svg, 'y-axis').length, 3, 'left axes on both panels, a right axis on the first');
  // X tick labels are drawn once, under the last panel, with the given format.
  const xTicks = svg.match(/<g class="x-axis"[^>]*>(.*?)<\/g>/g)!;
  assert.equal(xTicks.length, 1);
  assert.match(xTicks[0]!, />5m</);
  // Each panel clips its series to its own plot area.
  assert.match(svg, /id="godwit-chart-clip-0"/);
  assert.match(svg, /id="godwit-chart-clip-1"/);
  assert.equal(parseWithPython(svg).root, '{http://www.w3.org/2000/svg}svg');
});

test('empty series, a chart without a legend, and a chart without panels', () => {
  const svg = renderChart({ x: {}, legend: false, panels: [{ series: [{ name: 'none', points: [] }] }] });
  assert.equal(elements(svg, 'legend-item').length, 0);
  assert.equal(elements(svg, 'point').length, 0);
  assert.throws(() => renderChart({ x: {}, panels: [] }), /at least one panel/);
});
