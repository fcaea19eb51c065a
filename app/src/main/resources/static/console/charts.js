// The pool's charts, drawn by uPlot (served as a WebJar): nodes by state, and one chart per metric (CPU and
// every metric the pool's rules test) with the rules' thresholds as dashed lines; decisions are vertical markers.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { h, replace, clock } from './dom.js';

const STATE_COLOURS = { RUNNING: '#2b8a3e', STARTING: '#e67700', REQUESTED: '#f59f00', DRAINING: '#d9480f', FAILED: '#c92a2a', nodes: '#1c7ed6' };
const OUTCOME_COLOURS = { EXECUTED: '#2b8a3e', CLAMPED: '#2b8a3e', DRY_RUN: '#1c7ed6', SUPPRESSED: '#c92a2a', DEFERRED: '#e67700', SKIPPED: '#868e96', FAILED: '#c92a2a' };

/** Draws each decision of the range as a vertical line, coloured by outcome, with its action on top. */
function markers(decisions) {
  return (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.textAlign = 'left'; // uPlot leaves the alignment of its last axis label
    ctx.textBaseline = 'alphabetic';
    ctx.font = Math.round(10 * devicePixelRatio) + 'px sans-serif';
    decisions.forEach((d, i) => {
      const x = u.valToPos(d.time / 1000, 'x', true);
      if (x < bbox.left || x > bbox.left + bbox.width) return;
      ctx.strokeStyle = OUTCOME_COLOURS[d.outcome] || '#495057';
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle;
      const label = d.action + ' ' + d.outcome;
      const left = x + 3 + ctx.measureText(label).width > bbox.left + bbox.width ? x - 3 - ctx.measureText(label).width : x + 3;
      ctx.fillText(label, left, bbox.top + (10 + 11 * (i % 4)) * devicePixelRatio); // staggered, so close decisions stay readable
    });
    ctx.restore();
  };
}

/** Draws each threshold as a horizontal dashed line with its rule test, e.g. "cpu > 80". */
function thresholdLines(thresholds) {
  return (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.textAlign = 'left'; // uPlot leaves the alignment of its last axis label
    ctx.textBaseline = 'alphabetic';
    ctx.strokeStyle = '#ae3ec9';
    ctx.fillStyle = '#ae3ec9';
    ctx.setLineDash([6, 4]);
    ctx.font = Math.round(10 * devicePixelRatio) + 'px sans-serif';
    for (const t of thresholds) {
      const y = u.valToPos(t.value, 'y', true);
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
      const label = t.metric + ' ' + t.op + ' ' + t.value;
      ctx.fillText(label, bbox.left + 6 * devicePixelRatio, y - 3); // on the left: decision labels sit on the right
    }
    ctx.restore();
  };
}

function plot(el, title, yLabel, series, data, draw, range) {
  const width = Math.max(320, el.clientWidth || 600);
  const opts = {
    title, width, height: 220,
    scales: { x: { time: true }, y: range ? { range } : {} },
    series: [{ value: (u, v) => (v == null ? '-' : clock(v * 1000)) }, ...series],
    axes: [{}, { label: yLabel }],
    hooks: { draw },
  };
  return new uPlot(opts, data, el);
}

/** The charts of one pool: call update(chart) with each answer of /api/pools/{pool}/chart. */
export function poolCharts() {
  const nodesBox = h('div', { class: 'chart', id: 'nodes-chart' });
  const caption = h('p', { id: 'nodes-now', class: 'muted' });
  const metricsBox = h('div', { id: 'metric-charts' });
  const el = h('div', { class: 'charts' }, nodesBox, caption, metricsBox);
  let shape = '';
  let plots = [];

  function update(c) {
    const states = Object.keys(c.states);
    const metrics = Object.keys(c.metrics);
    const total = c.times.map((_, i) => states.reduce((sum, s) => sum + (c.states[s][i] || 0), 0));
    const decisions = c.decisions;
    const nodesData = [c.times, ...(states.length > 1 ? [total] : []), ...states.map((s) => c.states[s])];
    const metricData = metrics.map((m) => [c.times, c.metrics[m]]);
    const now = total[total.length - 1];
    nodesBox.dataset.nodesNow = now;
    nodesBox.dataset.points = c.times.length;
    nodesBox.dataset.source = c.source;
    nodesBox.dataset.range = c.range;
    const last = states.filter((s) => c.states[s][c.states[s].length - 1] > 0).map((s) => c.states[s][c.states[s].length - 1] + ' ' + s);
    caption.textContent = 'Now: ' + now + ' nodes' + (last.length ? ' (' + last.join(', ') + ')' : '') + ' · from ' + (c.source === 'influxdb' ? 'InfluxDB' : 'memory (InfluxDB not configured or not answering)')
      + ' · ' + decisions.length + ' decisions in range';
    const newShape = c.range + '|' + states.join() + '|' + metrics.join() + '|' + JSON.stringify(c.thresholds) + '|' + decisions.length;
    if (newShape === shape && plots.length) {
      plots[0].setData(nodesData);
      plots.slice(1).forEach((p, i) => p.setData(metricData[i]));
      return;
    }
    shape = newShape;
    plots.forEach((p) => p.destroy());
    replace(nodesBox);
    replace(metricsBox);
    const stepped = uPlot.paths.stepped({ align: 1 });
    const nodeSeries = [...(states.length > 1 ? [{ label: 'all nodes', stroke: '#1c7ed6', width: 2, paths: stepped }] : []),
      ...states.map((s) => ({ label: s, stroke: STATE_COLOURS[s] || '#495057', width: 1.5, paths: stepped }))];
    plots = [plot(nodesBox, 'Nodes by state', 'nodes', nodeSeries, nodesData, [markers(decisions)], (u, min, max) => [0, Math.max(2, max + 1)])];
    metrics.forEach((m, i) => {
      const box = h('div', { class: 'chart', dataset: { metric: m } });
      metricsBox.append(box);
      const lines = c.thresholds.filter((t) => t.metric === m);
      const top = Math.max(...lines.map((t) => t.value), 0);
      const range = m === 'cpu' ? [0, 100] : (u, min, max) => [Math.min(0, min ?? 0), Math.max(top * 1.1, max ?? 1, 1)];
      plots.push(plot(box, m === 'cpu' ? 'CPU (%)' : m, m === 'cpu' ? '%' : m, [{ label: m, stroke: '#1c7ed6', width: 2, spanGaps: true }],
        metricData[i], [thresholdLines(lines), markers(decisions)], range));
    });
  }

  return { el, update, reset: () => { shape = ''; } };
}

/**
 * A pool's CPU forecast drawn against its actual load: call update(f) with each answer of
 * /api/pools/{pool}/forecast. The actual 5-minute means are solid, the next hour's forecast dashed; with
 * no forecast it says why.
 */
export function forecastChart() {
  const caption = h('p', { id: 'forecast-caption', class: 'muted' });
  const box = h('div', { class: 'chart', id: 'forecast-chart' });
  const el = h('div', { class: 'forecast' }, caption, box);
  let plotted = null;
  let shape = '';

  function update(f) {
    if (!f || f.mode === 'off') {
      caption.textContent = 'forecast (off): ' + (f ? f.reason : 'not available');
      caption.className = 'forecast-none muted';
      if (plotted) { plotted.destroy(); plotted = null; replace(box); }
      shape = '';
      return;
    }
    if (!f.series.length) {
      caption.textContent = 'forecast (' + f.mode + '): ' + f.reason;
      caption.className = 'forecast-none muted';
      if (plotted) { plotted.destroy(); plotted = null; replace(box); }
      shape = '';
      return;
    }
    caption.className = 'muted';
    caption.textContent = 'CPU forecast (' + f.method + ', ' + f.mode + ')';
    box.dataset.actualPoints = f.actual.length;
    box.dataset.forecastPoints = f.series.length;
    const times = [...f.actual.map((p) => p.time / 1000), ...f.series.map((p) => p.time / 1000)];
    const actual = [...f.actual.map((p) => p.value), ...f.series.map(() => null)];
    const forecast = [...f.actual.map(() => null), ...f.series.map((p) => p.value)];
    if (f.actual.length) forecast[f.actual.length - 1] = f.actual[f.actual.length - 1].value; // join the two lines
    const data = [times, actual, forecast];
    const newShape = times.length + '|' + f.method;
    if (plotted && newShape === shape) { plotted.setData(data); return; }
    shape = newShape;
    if (plotted) plotted.destroy();
    replace(box);
    plotted = plot(box, 'CPU: actual and forecast (%)', '%', [
      { label: 'actual', stroke: '#495057', width: 2 },
      { label: 'forecast', stroke: '#f08c00', width: 2, dash: [6, 4] },
    ], data, [], [0, 100]);
  }

  return { el, update };
}
