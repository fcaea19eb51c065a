// Baton's dashboard: pools with node count over time, their CPU forecast against the actual load, node states, recent decisions with reasons,
// the rule set's version and its last reload error. Reads the REST API with the token given in the
// URL (#token=...) or the form, kept in this browser's local storage.
(function () {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) localStorage.setItem('baton-token', hash.get('token'));
  const token = () => localStorage.getItem('baton-token') || '';
  document.getElementById('login').addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem('baton-token', document.getElementById('token').value);
    refresh();
  });

  async function api(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
    if (!res.ok) throw new Error(path + ': ' + res.status);
    return res.json();
  }

  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const time = (ms) => new Date(ms).toISOString().slice(11, 19);

  function chart(points, max) {
    if (points.length < 2) return '<svg data-points="' + points.length + '"></svg>';
    const t0 = points[0].time, t1 = points[points.length - 1].time, w = 400, h = 80;
    const xy = points.map((p) => [((p.time - t0) / Math.max(1, t1 - t0)) * w, h - (p.nodes / Math.max(1, max)) * (h - 8) - 4]);
    const path = xy.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join(' ');
    return '<svg viewBox="0 0 ' + w + ' ' + h + '" preserveAspectRatio="none" data-points="' + points.length + '">'
      + '<path d="' + path + '" fill="none" stroke="#1c7ed6" stroke-width="2"/></svg>';
  }

  // CPU (0-100) against time: the recent actual load solid, the forecast for the next hour dashed
  function forecastChart(f) {
    if (!f || f.mode === 'off') return '';
    if (!f.series.length) return '<div class="forecast-none muted">forecast (' + esc(f.mode) + '): ' + esc(f.reason) + '</div>';
    const all = f.actual.concat(f.series), t0 = all[0].time, t1 = all[all.length - 1].time, w = 400, h = 60;
    const line = (pts) => pts.map((p, i) => (i ? 'L' : 'M') + (((p.time - t0) / Math.max(1, t1 - t0)) * w).toFixed(1) + ' '
      + (h - (Math.min(100, Math.max(0, p.value)) / 100) * (h - 4) - 2).toFixed(1)).join(' ');
    return '<div class="muted">CPU forecast (' + esc(f.method) + ', ' + esc(f.mode) + ')</div>'
      + '<svg class="forecast" viewBox="0 0 ' + w + ' ' + h + '" preserveAspectRatio="none" data-actual-points="' + f.actual.length
      + '" data-forecast-points="' + f.series.length + '">'
      + (f.actual.length > 1 ? '<path d="' + line(f.actual) + '" fill="none" stroke="#495057" stroke-width="2"/>' : '')
      + '<path d="' + line(f.series) + '" fill="none" stroke="#f08c00" stroke-width="2" stroke-dasharray="6 4"/></svg>';
  }

  async function refresh() {
    try {
      const pools = await api('/api/pools');
      const html = [];
      for (const p of pools) {
        let history = [];
        try { history = await api('/api/pools/' + encodeURIComponent(p.name) + '/history'); } catch (e) { /* chart stays empty */ }
        let forecast = null;
        try { forecast = await api('/api/pools/' + encodeURIComponent(p.name) + '/forecast'); } catch (e) { /* no forecast drawn */ }
        html.push('<div class="pool" data-pool="' + esc(p.name) + '"><h3>' + esc(p.name) + '</h3>'
          + '<div class="muted">' + esc(p.customer) + ' · ' + esc(p.service) + ' · ' + esc(p.software) + ' · ' + esc(p.actuator) + '</div>'
          + '<div><b class="count">' + p.nodes + '</b> nodes (min ' + p.min + ', max ' + p.max + ')'
          + (p.cpu >= 0 ? ' · CPU ' + p.cpu + '%' : '') + '</div>'
          + chart(history, p.max)
          + forecastChart(forecast)
          + '<div>' + p.members.map((n) => '<span class="node ' + esc(n.state) + '" title="' + esc(n.address) + '">'
            + esc(n.id) + ' ' + esc(n.state) + '</span>').join('') + '</div></div>');
      }
      document.getElementById('pools').innerHTML = html.join('');
      const decisions = await api('/api/decisions?limit=30');
      document.querySelector('#decisions tbody').innerHTML = decisions.map((d) => '<tr class="decision">'
        + '<td>' + time(d.time) + '</td><td>' + esc(d.pool) + '</td><td>' + esc(d.action) + ' '
        + (d.node ? esc(d.node) : d.approved + '/' + d.requested) + '</td>'
        + '<td class="' + esc(d.outcome) + '">' + esc(d.outcome) + (d.repeats > 1 ? ' ×' + d.repeats : '') + '</td>'
        + '<td>' + esc(d.rule) + '</td><td>' + esc(d.reasons.join('; ')) + '</td><td>' + esc(d.requester) + '</td></tr>').join('');
      try {
        const rules = await api('/api/rules');
        document.getElementById('rules').textContent = 'rules v' + rules.version + ' (' + rules.files.length + ' files)';
        const err = document.getElementById('rule-error');
        err.hidden = rules.lastErrors.length === 0;
        err.textContent = rules.lastErrors.length ? 'Last reload failed, running rules kept: '
          + rules.lastErrors.map((e) => e.file + ':' + e.line + ': ' + e.message).join(' | ') : '';
      } catch (e) { document.getElementById('rules').textContent = 'rules: (OPS only)'; }
      document.getElementById('status').textContent = 'Updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
    } catch (e) {
      document.getElementById('status').textContent = token() ? 'Cannot read the API: ' + e.message : 'Enter a token to see the fleet.';
    }
  }

  refresh();
  setInterval(refresh, 2000);
})();
