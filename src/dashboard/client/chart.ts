// Clicks and CTR per day: a uPlot chart (bars + line) and the same numbers as a table for screen readers.
import type uPlot from 'uplot';
import type { DailyRow } from './api';
import { byId, clear, el, tableBody } from './dom';
import { DAY_MS, fmt, pct, rate } from './format';

type Counts = Pick<DailyRow, 'widgetLoads' | 'impressions' | 'viewable' | 'clicks'>;

interface Day {
  date: string;
  ts: number;
  v: Counts;
}

const HEIGHT = 260;
const zero = (): Counts => ({ widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 });

/** uPlot's browser build, loaded by its own script tag; absent when that failed. */
const library = (): typeof uPlot | undefined => (window as Window & { uPlot?: typeof uPlot }).uPlot;

let chart: uPlot | undefined;

export function add(into: Counts, row: Counts): Counts {
  into.widgetLoads += row.widgetLoads;
  into.impressions += row.impressions;
  into.viewable += row.viewable;
  into.clicks += row.clicks;
  return into;
}

export const totals = (rows: Counts[]): Counts => rows.reduce(add, zero());

/** Every day of [from, to], with the rows of that day summed (zeros for a day without rows). */
function byDay(rows: DailyRow[], from: string, to: string): Day[] {
  const map = new Map<string, Counts>();
  for (const r of rows) map.set(r.date, add(map.get(r.date) ?? zero(), r));
  const days: Day[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const key = new Date(t).toISOString().slice(0, 10);
    days.push({ date: key, ts: t / 1000, v: map.get(key) ?? zero() });
  }
  return days;
}

const chartWidth = (node: Element): number =>
  Math.max(280, Math.floor(node.getBoundingClientRect().width || 600));

export function destroyChart(): void {
  chart?.destroy();
  chart = undefined;
}

export function resizeChart(): void {
  chart?.setSize({ width: chartWidth(byId('series')), height: HEIGHT });
}

function fillTable(days: Day[]): void {
  const body = tableBody('series-table');
  clear(body);
  for (const d of days) {
    body.appendChild(
      el('tr', {}, [
        el('th', { scope: 'row', text: d.date }),
        el('td', { className: 'num', text: fmt.format(d.v.widgetLoads) }),
        el('td', { className: 'num', text: fmt.format(d.v.impressions) }),
        el('td', { className: 'num', text: fmt.format(d.v.clicks) }),
        el('td', { className: 'num', text: pct.format(rate(d.v.clicks, d.v.impressions)) }),
      ]),
    );
  }
}

function options(lib: typeof uPlot, width: number, days: Day[]): uPlot.Options {
  const axis = { stroke: '#555b65', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e5ea' } };
  // The legend shows the latest day whenever the pointer is not on a day.
  const latest = (u: uPlot) => {
    if (u.cursor.idx == null) u.setLegend({ idx: days.length - 1 });
  };
  const bars = lib.paths.bars;
  return {
    width,
    height: HEIGHT,
    tzDate: (ts) => lib.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: {
      x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
      clicks: { range: (_u, _min, max) => [0, Math.max(4, max * 1.15)] },
      ctr: { range: (_u, _min, max) => [0, Math.max(1, (max || 0) * 1.2)] },
    },
    axes: [
      axis,
      { ...axis, scale: 'clicks', values: (_u, v) => v.map((x) => fmt.format(x)) },
      {
        ...axis,
        scale: 'ctr',
        side: 1,
        stroke: '#1f4e9c',
        grid: { show: false },
        values: (_u, v) => v.map((x) => `${x.toFixed(1)}%`),
      },
    ],
    series: [
      {
        label: 'Zi',
        value: (_u, ts) => (ts == null ? '—' : new Date(ts * 1000).toISOString().slice(0, 10)),
      },
      {
        label: 'Clickuri',
        scale: 'clicks',
        stroke: '#c8102e',
        fill: 'rgba(200,16,46,.78)',
        width: 0,
        ...(bars ? { paths: bars({ size: [0.62, 48] }) } : {}),
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : fmt.format(v)),
      },
      {
        label: 'CTR',
        scale: 'ctr',
        stroke: '#1f4e9c',
        width: 2.5,
        spanGaps: true,
        points: { show: true, size: 6, fill: '#1f4e9c' },
        value: (_u, v) => (v == null ? '—' : `${v.toFixed(2)}%`),
      },
    ],
    hooks: { ready: [latest], setCursor: [latest] },
  };
}

export function renderSeries(rows: DailyRow[], from: string, to: string): void {
  const days = byDay(rows, from, to);
  const fig = byId('series');
  fillTable(days);
  const clicks = days.map((d) => d.v.clicks);
  const ctr = days.map((d) => (d.v.impressions > 0 ? (100 * d.v.clicks) / d.v.impressions : null));
  fig.setAttribute('data-days', String(days.length));
  fig.setAttribute('data-clicks', String(clicks.reduce((a, b) => a + b, 0)));
  destroyChart();
  clear(fig);
  const lib = library();
  if (!lib) {
    fig.appendChild(el('p', { className: 'empty', text: 'Graficul nu s-a putut încărca.' }));
    return;
  }
  chart = new lib(options(lib, chartWidth(fig), days), [days.map((d) => d.ts), clicks, ctr], fig);
}
