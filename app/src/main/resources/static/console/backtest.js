// A backtest from the rules page (OPS): a recorded period replayed through the running rules by
// POST /api/backtests, as `./baton rules backtest` runs it; per pool the node-hours, cost, SLA minutes,
// peak and mean nodes and actions, beside what the fleet really did.
import { post } from './api.js';
import { h, replace, section } from './dom.js';

const COLUMNS = ['rules', 'pool', 'node-hours', 'cost', 'SLA minutes', 'peak nodes', 'mean nodes', 'actions', 'recorded node-hours', 'recorded actions'];

/** The backtest section: a form (from, to, optional pools) and the result table. */
export function backtestSection() {
  const from = h('input', { id: 'backtest-from', name: 'from', placeholder: '2026-11-01T00:00:00Z', autocomplete: 'off' });
  const to = h('input', { id: 'backtest-to', name: 'to', placeholder: '2026-11-08T00:00:00Z', autocomplete: 'off' });
  const pools = h('input', { id: 'backtest-pools', name: 'pools', placeholder: 'pools (all when empty)', autocomplete: 'off' });
  const answer = h('p', { id: 'backtest-answer' });
  const rows = h('tbody');
  const form = h('form', { id: 'backtest-form', onsubmit: (e) => { e.preventDefault(); run(); } },
    from, to, pools, h('button', { id: 'run-backtest' }, 'Run backtest'));

  async function run() {
    const ask = { from: from.value.trim(), to: to.value.trim() };
    const named = pools.value.split(',').map((p) => p.trim()).filter((p) => p);
    if (named.length) ask.pools = named;
    answer.className = 'pending';
    answer.textContent = 'Running the backtest…';
    replace(rows);
    try {
      show(await post('/api/backtests', ask));
    } catch (e) {
      answer.className = 'error';
      answer.textContent = 'Not run (' + e.status + '): ' + e.message;
    }
  }

  function show(r) {
    const recorded = new Map((r.recorded || []).map((p) => [p.pool, p]));
    replace(rows, r.runs.flatMap((run) => run.pools.map((p) => {
      const rec = recorded.get(p.pool) || {};
      return h('tr', { class: 'backtest-pool', dataset: { pool: p.pool, rules: run.rules } },
        h('td', {}, run.rules), h('td', {}, p.pool), h('td', { class: 'node-hours' }, p.node_hours), h('td', { class: 'cost' }, p.cost),
        h('td', { class: 'sla-minutes' }, p.sla_minutes), h('td', {}, p.peak_nodes), h('td', {}, p.mean_nodes),
        h('td', { class: 'actions', title: p.decisions.map((d) => d.time + ' ' + d.action + ' ' + d.amount + ' ' + d.outcome + ' (' + d.rule + ')').join('\n') }, p.actions),
        h('td', { class: 'recorded-node-hours' }, rec.node_hours ?? '-'), h('td', {}, rec.actions ?? '-'));
    })));
    answer.className = 'ok';
    answer.textContent = 'Backtest of ' + r.from + ' to ' + r.to + ': ' + r.runs.length + ' rule set(s).';
  }

  return section('Backtest', h('p', { class: 'muted' }, 'Replays the recorded load of a period through the running rules and guardrails (ISO-8601 UTC times).'),
    form, answer, h('table', { id: 'backtest' }, h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', {}, c)))), rows));
}
