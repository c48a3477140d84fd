// Plots over the newest 500 calls of the store: turn latency, barge-in
// latency and time to first AI audio per call, calls per minute, end reasons.
import uPlot from './node_modules/uplot/dist/uPlot.esm.js';
import { h } from './dom.js';
import { getJson } from './session.js';

const WIDTH = 900;
const HEIGHT = 240;
// A fixed time axis a minute wider than the data either side: uPlot's own
// for a single point spans 86400 / ms units (years with second timestamps).
function timeScale(xs) {
  return { time: true, auto: false, range: [Math.min(...xs) - 60, Math.max(...xs) + 60] };
}

function latencyPlot(calls) {
  const sorted = [...calls].sort((a, b) => a.started_at_ms - b.started_at_ms);
  const data = [sorted.map((c) => c.started_at_ms / 1000),
    sorted.map((c) => c.turn_latency_ms), sorted.map((c) => c.barge_in_latency_ms),
    sorted.map((c) => c.first_audio_ms)];
  const point = (stroke) => ({ stroke, width: 0, points: { show: true, size: 6, fill: stroke } });
  const el = h('div', { id: 'plot-latency' });
  new uPlot({
    title: 'Latency per call (ms)', width: WIDTH, height: HEIGHT, scales: { x: timeScale(data[0]) },
    series: [{}, { label: 'turn (mean)', ...point('#3d6fb6') }, { label: 'barge-in (max)', ...point('#b3261e') },
      { label: 'first AI audio', ...point('#3d9a62') }],
  }, data, el);
  return el;
}

function barPlot(id, title, labels, counts, xValues) {
  const el = h('div', { id });
  new uPlot({
    title, width: WIDTH, height: HEIGHT,
    scales: { x: xValues ? timeScale(xValues) : { time: false, range: () => [-0.5, labels.length - 0.5] } },
    axes: [xValues ? {} : { splits: () => labels.map((_, i) => i), values: (_, ticks) => ticks.map((t) => labels[t] ?? '') }, {}],
    series: [{}, { label: 'calls', stroke: '#3d6fb6', fill: '#3d6fb655', paths: uPlot.paths.bars({ size: [0.6, 40] }) }],
  }, [xValues || labels.map((_, i) => i), counts], el);
  return el;
}

function perMinute(calls) {
  const counts = new Map();
  for (const c of calls) {
    const minute = Math.floor(c.started_at_ms / 60000) * 60;
    counts.set(minute, (counts.get(minute) || 0) + 1);
  }
  const minutes = [...counts.keys()].sort((a, b) => a - b);
  return barPlot('plot-per-minute', 'Calls per minute', [], minutes.map((m) => counts.get(m)), minutes);
}

function endReasons(calls) {
  const counts = new Map();
  for (const c of calls) counts.set(c.end_reason, (counts.get(c.end_reason) || 0) + 1);
  const labels = [...counts.keys()].sort();
  return barPlot('plot-end-reasons', 'End reasons', labels, labels.map((l) => counts.get(l)));
}

export async function plotsPage(main) {
  const { calls } = await getJson('calls?limit=500');
  main.replaceChildren(h('h1', {}, 'Plots'), h('p', {}, `The newest ${calls.length} calls.`));
  if (calls.length === 0) return;
  main.append(latencyPlot(calls), perMinute(calls), endReasons(calls));
}
