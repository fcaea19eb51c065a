// The usage page (/usage; OPS, BILLING, and each customer for itself): the report runs with their files to
// download (CSV, JSON, HTML, FOCUS), and a run's node-hours and cost by customer, by service and by software,
// from the report job. A customer sees only its own usage (the server filters it).
import { get, post, download } from './api.js';
import { h, replace, section } from './dom.js';

const kind = (f) => (f.endsWith('.focus.csv') ? 'FOCUS' : f.endsWith('.csv') ? 'CSV' : f.endsWith('.json') ? 'JSON' : f.endsWith('.html') ? 'HTML' : f);
/** A button's label: the kind, and for the HTML reports (one per customer) whose it is. */
const label = (f) => { const c = f.match(/Z-(.+)\.html$/); return kind(f) + (c ? ' ' + c[1] : ''); };

export function mount(view, { me }) {
  const runs = h('tbody');
  const runAnswer = h('p', { id: 'report-answer' });
  const period = h('p', { id: 'usage-period', class: 'muted' });
  const tables = { byCustomer: h('tbody'), byService: h('tbody'), bySoftware: h('tbody') };
  let selected = null; // the run whose usage is shown; null: the newest completed one
  let shown = '';

  async function monthSoFar() {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().replace('.000', '');
    const to = new Date(Math.floor(now.getTime() / 60000) * 60000).toISOString().replace('.000', '');
    try {
      const r = await post('/api/reports', { from, to, force: true });
      runAnswer.textContent = 'Report ' + r.id + ' started for ' + from + ' to ' + to + '.';
      runAnswer.className = 'ok';
      selected = r.id;
    } catch (e) {
      runAnswer.textContent = 'Not started (' + e.status + '): ' + e.message;
      runAnswer.className = 'error';
    }
  }

  const table = (id, first, body) => h('table', { id }, h('thead', {}, h('tr', {},
    [first, 'node-hours', 'core-hours', 'cost'].map((c) => h('th', {}, c)))), body);

  replace(view, h('h1', {}, 'Usage'),
    section('Report runs', me.role === 'CUSTOMER' ? null : h('button', { type: 'button', id: 'run-month', onclick: monthSoFar }, 'Report this month so far'),
      runAnswer,
      h('table', { id: 'report-runs' }, h('thead', {}, h('tr', {}, ['period', 'customer', 'state', 'files', ''].map((c) => h('th', {}, c)))), runs)),
    section('Node-hours and cost', period,
      h('div', { class: 'columns' },
        table('usage-by-customer', 'customer', tables.byCustomer),
        table('usage-by-service', 'customer / service', tables.byService),
        table('usage-by-software', 'customer / software', tables.bySoftware))));

  function runRow(r) {
    const files = r.downloadable ? r.files.map((f) => h('button', { type: 'button', class: 'download', dataset: { file: f, kind: kind(f) },
      onclick: () => download('/api/usage/runs/' + encodeURIComponent(r.id) + '/files/' + encodeURIComponent(f), f) }, label(f)))
      : h('span', { class: 'muted' }, r.state === 'COMPLETED' ? 'a report of all customers: ask billing for its files' : '-');
    return h('tr', { class: 'run' + (r.id === selected ? ' current' : ''), dataset: { run: r.id, state: r.state } },
      h('td', {}, r.from + ' to ' + r.to), h('td', {}, r.customer || 'all'), h('td', { class: 'state ' + r.state }, r.state, r.message ? h('div', { class: 'muted message' }, r.message.replace(/\[.*\]/, '').trim()) : ''),
      h('td', {}, files),
      h('td', {}, r.state === 'COMPLETED' ? h('button', { type: 'button', class: 'show', onclick: () => { selected = r.id; shown = ''; refresh(); } }, 'show usage') : ''));
  }

  const hours = (x) => Number(x).toFixed(6); // as the report's files write them
  const cells = (u, label) => [h('td', {}, label), h('td', { class: 'node-hours' }, hours(u.nodeHours)), h('td', { class: 'core-hours' }, hours(u.coreHours)),
    h('td', { class: 'cost' }, u.currency ? Number(u.amount).toFixed(2) + ' ' + u.currency : (Number(u.amount) ? String(u.amount) : '-'))];

  async function refresh() {
    const list = await get('/api/usage/runs');
    replace(runs, list.map(runRow));
    if (list.length === 0) runs.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No report run yet.')));
    const run = list.find((r) => r.id === selected && r.state === 'COMPLETED') || (selected ? null : list.find((r) => r.state === 'COMPLETED'));
    const key = run ? run.id : '';
    if (key === shown) return;
    shown = key;
    if (!run) {
      period.textContent = selected ? 'Waiting for the report to complete…' : 'No completed report yet.';
      Object.values(tables).forEach((t) => replace(t));
      return;
    }
    const u = await get('/api/usage?run=' + encodeURIComponent(run.id));
    period.textContent = 'Report ' + u.run + ': ' + u.from + ' to ' + u.to;
    period.dataset.run = u.run;
    replace(tables.byCustomer, u.byCustomer.map((x) => h('tr', { dataset: { customer: x.customer } }, cells(x, x.customer))));
    replace(tables.byService, u.byService.map((x) => h('tr', {}, cells(x, x.customer + ' / ' + x.service))));
    replace(tables.bySoftware, u.bySoftware.map((x) => h('tr', {}, cells(x, x.customer + ' / ' + x.software))));
  }

  return { refresh };
}
