// The fleet at a glance (/): one card per pool the caller may see, each linking to its page, and for OPS
// the running rule set with its last reload error.
import { get } from './api.js';
import { h, replace } from './dom.js';
import { timeline } from './decisions.js';

export function mount(view, { me }) {
  const rules = h('p', { id: 'rules-status', class: 'muted' });
  const ruleError = h('p', { id: 'rule-error', class: 'error', hidden: true });
  const cards = h('div', { id: 'pools', class: 'grid' });
  const recent = timeline({ limit: 15, filters: false });
  replace(view, h('h1', {}, 'Pools'), me.role === 'OPS' ? [rules, ruleError] : null, cards, h('h2', {}, 'Recent decisions'), recent.el);
  return {
    async refresh() {
      const pools = await get('/api/pools');
      replace(cards, pools.map(card));
      if (pools.length === 0) cards.append(h('p', { class: 'muted' }, 'No pool to show.'));
      await recent.refresh();
      if (me.role === 'OPS') {
        const r = await get('/api/rules');
        rules.textContent = 'rules v' + r.version + ' (' + r.files.length + ' files)';
        ruleError.hidden = r.lastErrors.length === 0;
        ruleError.textContent = r.lastErrors.length ? 'Last reload failed, running rules kept: '
          + r.lastErrors.map((e) => e.file + ':' + e.line + ': ' + e.message).join(' | ') : '';
      }
    },
  };
}

function card(p) {
  const byState = {};
  for (const n of p.members) byState[n.state] = (byState[n.state] || 0) + 1;
  return h('a', { class: 'card pool', href: '/pools/' + encodeURIComponent(p.name), dataset: { pool: p.name } },
    h('h3', {}, p.name),
    h('div', { class: 'muted' }, [p.customer, p.service, p.software, p.actuator].filter((x) => x).join(' · ')),
    h('div', {}, h('b', { class: 'count' }, p.nodes), ' nodes (min ' + p.min + ', max ' + p.max + ')', p.cpu >= 0 ? ' · CPU ' + p.cpu + '%' : ''),
    h('div', {}, Object.entries(byState).map(([s, n]) => h('span', { class: 'chip ' + s }, n + ' ' + s))));
}
