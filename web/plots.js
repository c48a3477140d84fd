// Plots of this voxgate process's own figures, per minute over the last hour
// (GET /api/figures, sampled once a minute): turn latency, barge-in latency
// and time to first AI audio as p50/p95/p99 in milliseconds, calls started
// per minute, calls ended per minute by end reason.
import uPlot from './node_modules/uplot/dist/uPlot.esm.js';
import { h } from './dom.js';
import { getJson } from './session.js';

const WIDTH = 900;
const HEIGHT = 220;
const COLOURS = ['#3d6fb6', '#e08a00', '#b3261e', '#3d9a62', '#7b4fb0', '#5f6b7a', '#c2185b'];

// The last hour up to now, in seconds (uPlot's time unit).
function hourScale() {
  const now = Date.now() / 1000;
  return { time: true, auto: false, range: [now - 3600, now + 30] };
}

function plot(id, title, yLabel, xs, series, bars = false) {
  const el = h('div', { id });
  const paths = bars ? uPlot.paths.bars({ size: [0.6, 20] }) : undefined;
  new uPlot({
    title, width: WIDTH, height: HEIGHT, scales: { x: hourScale() },
    axes: [{}, { label: yLabel }],
    series: [{}, ...series.map((s, i) => ({
      label: s.label, stroke: COLOURS[i % COLOURS.length], spanGaps: false, paths,
      fill: bars ? `${COLOURS[i % COLOURS.length]}55` : undefined,
      points: { show: true, size: 5, fill: COLOURS[i % COLOURS.length] },
    }))],
  }, [xs, ...series.map((s) => s.values)], el);
  return el;
}

function percentilePlot(id, title, minutes, key) {
  const xs = minutes.map((m) => m.end_ms / 1000);
  return plot(id, `${title} (ms)`, 'ms', xs, ['p50', 'p95', 'p99'].map((p) => ({
    label: p, values: minutes.map((m) => m[key][p]),
  })));
}

function endReasonPlot(minutes) {
  const reasons = [...new Set(minutes.flatMap((m) => Object.keys(m.ended)))].sort();
  const xs = minutes.map((m) => m.end_ms / 1000);
  return plot('plot-end-reasons', 'Calls ended per minute, by end reason', 'calls', xs,
    reasons.map((r) => ({ label: r, values: minutes.map((m) => m.ended[r] || 0) })));
}

export async function plotsPage(main) {
  const { minutes } = await getJson('figures');
  main.replaceChildren(h('h1', {}, 'Plots'),
    h('p', { id: 'plots-note' }, minutes.length
      ? `This voxgate process, per minute: the last ${minutes.length} minute(s) of the last hour.`
      : 'This voxgate process, per minute: the first minute is sampled a minute after it started.'),
    percentilePlot('plot-turn-latency', 'Turn latency: caller stops speaking to first AI audio', minutes, 'turn_latency_ms'),
    percentilePlot('plot-barge-in', 'Barge-in latency: caller speech to AI audio cleared', minutes, 'barge_in_latency_ms'),
    percentilePlot('plot-first-audio', 'Time to first AI audio from call start', minutes, 'first_audio_ms'),
    plot('plot-per-minute', 'Calls started per minute', 'calls', minutes.map((m) => m.end_ms / 1000),
      [{ label: 'calls', values: minutes.map((m) => m.calls_started) }], true),
    endReasonPlot(minutes));
}
