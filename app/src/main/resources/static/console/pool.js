// A pool's page (/pools/{pool}): its charts over a chosen range, members, rules, guardrails, a planned
// request form that goes through the API (roles, quota and guardrails apply) and its decision timeline.
import { get, post } from './api.js';
import { h, replace, section, span, stamp } from './dom.js';
import { forecastChart, poolCharts } from './charts.js';
import { timeline } from './decisions.js';

const RANGES = ['15m', '1h', '6h', '24h'];

export function mount(view, { param: name }) {
  const enc = encodeURIComponent(name);
  let range = '15m';
  const title = h('h1', {}, name);
  const meta = h('p', { id: 'pool-meta', class: 'muted' });
  const charts = poolCharts();
  const forecast = forecastChart();
  const rangeButtons = h('div', { class: 'ranges' }, RANGES.map((r) => h('button', {
    type: 'button', dataset: { range: r }, class: r === range ? 'current' : '',
    onclick: async () => {
      range = r;
      for (const b of rangeButtons.children) b.classList.toggle('current', b.dataset.range === r);
      charts.reset();
      charts.update(await get('/api/pools/' + enc + '/chart?range=' + r));
    },
  }, r)));
  const members = h('tbody');
  const rules = h('ul', { id: 'pool-rules' });
  const guardrails = h('dl', { id: 'guardrails' });
  const answer = h('p', { id: 'scale-answer', 'aria-live': 'polite' });
  const mode = h('select', { name: 'mode' }, h('option', { value: 'delta' }, '+n / -n nodes'), h('option', { value: 'capacity' }, 'set capacity to'));
  const amount = h('input', { name: 'amount', type: 'number', value: '1', step: '1', required: true });
  const form = h('form', { id: 'scale-form', onsubmit: (e) => { e.preventDefault(); scale(); } }, mode, amount, h('button', {}, 'Send request'));
  const decisions = timeline({ pool: name, limit: 200, filters: true });

  async function scale() {
    const n = parseInt(amount.value, 10);
    if (Number.isNaN(n)) return show('error', 'Give a whole number of nodes.');
    const body = mode.value === 'capacity' ? { capacity: n } : { delta: n };
    show('pending', 'Sending…');
    try {
      const a = await post('/api/pools/' + enc + '/scale', body);
      show('ok ' + a.outcome, 'Decision ' + a.decision + ': ' + a.outcome + ', ' + a.approved + ' of ' + a.requested + ' approved'
        + (a.reasons.length ? ' (' + a.reasons.join('; ') + ')' : '') + (a.quota >= 0 ? ' · customer holds ' + a.held + ' of a quota of ' + a.quota : ''));
    } catch (e) {
      show('error', 'Refused (' + e.status + '): ' + e.message);
    }
  }

  function show(cls, text) {
    answer.className = cls;
    answer.textContent = text;
  }

  replace(view, title, meta,
    section('Charts', rangeButtons, charts.el),
    section('Forecast', forecast.el),
    h('div', { class: 'columns' },
      section('Members', h('table', { id: 'members' }, h('thead', {}, h('tr', {}, ['node', 'state', 'address', 'age', 'last sample'].map((c) => h('th', {}, c)))), members)),
      section('Planned request', h('p', { class: 'muted' }, 'Goes through the API: your role, the customer\'s quota and the guardrails apply.'), form, answer)),
    h('div', { class: 'columns' }, section('Guardrails', guardrails), section('Rules', rules)),
    section('Decisions', decisions.el));

  return {
    async refresh() {
      const [p, chart, samples, g, rs] = await Promise.all([get('/api/pools/' + enc), get('/api/pools/' + enc + '/chart?range=' + range),
        get('/api/pools/' + enc + '/last-samples'), get('/api/pools/' + enc + '/guardrails'), get('/api/pools/' + enc + '/rules')]);
      meta.textContent = [p.customer, p.service, p.software, p.actuator].filter((x) => x).join(' · ')
        + ' · ' + p.nodes + ' nodes (min ' + p.min + ', max ' + p.max + ')' + (p.cpu >= 0 ? ' · CPU ' + p.cpu + '%' : '');
      charts.update(chart);
      forecast.update(await get('/api/pools/' + enc + '/forecast').catch(() => null));
      const now = Date.now();
      replace(members, p.members.map((n) => h('tr', { class: 'member', dataset: { node: n.id, state: n.state } },
        h('td', {}, n.id), h('td', { class: 'chip ' + n.state }, n.state), h('td', {}, n.address || '-'),
        h('td', {}, n.since ? span(now - n.since) : '-'),
        h('td', {}, samples[n.id] && samples[n.id] > n.since ? span(now - samples[n.id]) + ' ago' : 'none yet'))));
      if (p.members.length === 0) members.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No node.')));
      replace(rules, rs.map((r) => h('li', {}, h('b', {}, r.rule), ' ', h('span', { class: 'muted' }, r.file),
        r.thresholds.length ? ' · ' + r.thresholds.map((t) => t.metric + ' ' + t.op + ' ' + t.value).join(', ') : '')));
      replace(guardrails, guardrailRows(g, now));
      await decisions.refresh();
    },
  };
}

function guardrailRows(g, now) {
  const ends = (t) => (t > now ? 'ends in ' + span(t - now) + ' (' + stamp(t) + ')' : 'not running');
  const rows = [
    ['scale-out cooldown', g.scaleOutCooldownSeconds + ' s, ' + ends(g.scaleOutCooldownEnds)],
    ['scale-in stabilization', g.scaleInStabilizationSeconds + ' s, ' + ends(g.scaleInStabilizationEnds)],
    ['healing', g.healingPaused ? 'PAUSED: ' + g.health : 'active (' + g.health + ')'],
    ['max step', g.maxStep + ' nodes'],
    ['dry-run', g.dryRun ? 'on: decisions are recorded, nothing is done' : 'off'],
    ['flap protection', g.flapProtection ? 'on' : 'off'],
    ['quota', g.quota >= 0 ? 'customer holds ' + g.held + ' of ' + g.quota + ' nodes' : 'none'],
  ];
  return rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { dataset: { guardrail: k } }, v)]);
}
