// The decision timeline (/decisions, and on each pool page): every journal entry with its rule, the facts it
// matched (expandable), the guardrails' reasons, its outcome and who asked. Filters by pool, action and outcome.
import { get } from './api.js';
import { h, replace, stamp } from './dom.js';

const ACTIONS = ['scale_out', 'scale_in', 'replace_node', 'set_capacity'];
const OUTCOMES = ['EXECUTED', 'CLAMPED', 'SUPPRESSED', 'DEFERRED', 'DRY_RUN', 'SKIPPED', 'FAILED'];

export function mount(view) {
  const t = timeline({ limit: 500, filters: true });
  replace(view, h('h1', {}, 'Decisions'), t.el);
  return t;
}

const facts = (n) => n + (n === 1 ? ' fact' : ' facts');

/** Why a decision was taken or held back: the guardrails' reasons, else who or which rule asked. */
export function reason(d) {
  if (d.reasons && d.reasons.length) return d.reasons.join('; ');
  if (d.rule === 'planned request') return 'planned request by ' + (d.requester || 'an unnamed caller');
  return 'rule "' + d.rule + '" matched' + (d.matched && d.matched.length ? ' ' + facts(d.matched.length) : '');
}

/** A timeline: {pool} fixes the pool; {filters} shows the filter row. */
export function timeline({ pool, limit, filters }) {
  const select = (name, values) => h('select', { name, onchange: () => draw() },
    h('option', { value: '' }, 'any ' + name), values.map((v) => h('option', { value: v }, v)));
  const poolFilter = select('pool', []);
  const actionFilter = select('action', ACTIONS);
  const outcomeFilter = select('outcome', OUTCOMES);
  const body = h('tbody');
  const open = new Set(); // entries whose matched facts are expanded, kept across refreshes
  const el = h('div', { class: 'timeline' },
    filters ? h('div', { class: 'filters' }, pool ? null : poolFilter, actionFilter, outcomeFilter) : null,
    h('table', { class: 'decisions' },
      h('thead', {}, h('tr', {}, ['time', 'pool', 'action', 'outcome', 'rule', 'reason', 'matched facts', 'requester'].map((c) => h('th', {}, c)))),
      body));
  let entries = [];

  function draw() {
    const shown = entries.filter((d) => (!poolFilter.value || d.pool === poolFilter.value)
      && (!actionFilter.value || d.action === actionFilter.value) && (!outcomeFilter.value || d.outcome === outcomeFilter.value));
    replace(body, shown.map(row));
    if (shown.length === 0) body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No decision yet.')));
  }

  function row(d) {
    const details = h('details', { open: open.has(d.seq), ontoggle: (e) => (e.target.open ? open.add(d.seq) : open.delete(d.seq)) },
      h('summary', {}, facts((d.matched || []).length)), h('ul', {}, (d.matched || []).map((m) => h('li', {}, m))));
    return h('tr', { class: 'decision', dataset: { seq: d.seq, pool: d.pool, outcome: d.outcome } },
      h('td', { class: 'time' }, stamp(d.time)),
      h('td', {}, h('a', { href: '/pools/' + encodeURIComponent(d.pool) }, d.pool)),
      h('td', { class: 'action' }, d.action + ' ' + (d.node ? d.node : d.approved + '/' + d.requested)),
      h('td', { class: 'outcome ' + d.outcome }, d.outcome + (d.repeats > 1 ? ' ×' + d.repeats : '')),
      h('td', { class: 'rule' }, d.rule),
      h('td', { class: 'reason' }, reason(d)),
      h('td', { class: 'facts' }, (d.matched || []).length ? details : '-'),
      h('td', { class: 'requester' }, d.requester || '-'));
  }

  return {
    el,
    async refresh() {
      entries = await get('/api/decisions?limit=' + limit + (pool ? '&pool=' + encodeURIComponent(pool) : ''));
      const pools = [...new Set(entries.map((d) => d.pool))].sort();
      const had = [...poolFilter.options].slice(1).map((o) => o.value);
      if (pools.join() !== had.join()) {
        const chosen = poolFilter.value;
        replace(poolFilter, h('option', { value: '' }, 'any pool'), pools.map((p) => h('option', { value: p }, p)));
        poolFilter.value = pools.includes(chosen) ? chosen : '';
      }
      draw();
    },
  };
}
