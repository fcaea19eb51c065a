// The rules page (/rules, OPS): the running files and version, the last reload error with file and line, an
// editor for .dslr, .drl and .dsl files (Validate, Save: compiled and swapped atomically, or refused with the
// errors at their lines), a run of the scenarios with pass or fail per scenario, and a backtest of a recorded period.
import { get, post, putText, ApiError } from './api.js';
import { h, replace, section, stamp } from './dom.js';
import { backtestSection } from './backtest.js';

const ERROR = /^(.+?):(\d+): (.*)$/;

export function mount(view) {
  const version = h('p', { id: 'rules-version' });
  const lastError = h('p', { id: 'rules-last-error' });
  const files = h('ul', { id: 'rule-files', class: 'files' });
  const fileName = h('input', { id: 'rule-file', name: 'file', placeholder: 'file.dslr', autocomplete: 'off' });
  const gutter = h('pre', { class: 'gutter', id: 'gutter' });
  const editor = h('textarea', { id: 'rule-editor', spellcheck: false, rows: 24, wrap: 'off' });
  const errors = h('ul', { id: 'editor-errors' });
  const result = h('p', { id: 'editor-result' });
  const scenarios = h('tbody');
  const scenarioSummary = h('p', { id: 'scenario-summary' });
  let shownFiles = '';

  const lines = () => {
    const n = editor.value.split('\n').length;
    const bad = new Map([...errors.querySelectorAll('li[data-line]')].map((li) => [Number(li.dataset.line), li.dataset.message]));
    replace(gutter, Array.from({ length: n }, (_, i) => h('span', { class: bad.has(i + 1) ? 'line error-line' : 'line', title: bad.get(i + 1), dataset: { line: i + 1 } }, String(i + 1))));
    gutter.scrollTop = editor.scrollTop;
  };
  editor.addEventListener('input', lines);
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });

  async function open(name) {
    fileName.value = name;
    editor.value = await get('/api/rules/files/' + encodeURIComponent(name));
    showErrors([], '');
  }

  function showErrors(list, message, cls) {
    const file = fileName.value;
    replace(errors, list.map((e) => {
      const m = e.match(ERROR);
      if (!m) return h('li', {}, e);
      const here = m[1] === file;
      return h('li', { dataset: here ? { line: m[2], message: m[3], file: m[1] } : { file: m[1] }, class: here ? 'here' : '' },
        h('b', {}, m[1] + ' line ' + m[2]), ': ' + m[3], here ? h('button', { type: 'button', onclick: () => goTo(Number(m[2])) }, 'go to line') : '');
    }));
    result.textContent = message;
    result.className = cls || '';
    lines();
  }

  function goTo(line) {
    const text = editor.value.split('\n');
    const start = text.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    editor.focus();
    editor.setSelectionRange(start, start + (text[line - 1] || '').length);
  }

  async function validate() {
    if (!fileName.value) return showErrors([], 'Name the file first.', 'error');
    try {
      await post('/api/rules/validate', { [fileName.value]: editor.value });
      showErrors([], 'Valid: the files compile together and every scenario passes.', 'ok');
    } catch (e) {
      failed(e, 'Not valid');
    }
  }

  async function save() {
    if (!fileName.value) return showErrors([], 'Name the file first.', 'error');
    try {
      const s = await putText('/api/rules/' + encodeURIComponent(fileName.value), editor.value);
      showErrors([], 'Saved: rules v' + s.version + ' running.', 'ok');
      refreshStatus();
    } catch (e) {
      failed(e, 'Not saved, the running rules are unchanged');
    }
  }

  function failed(e, what) {
    if (e instanceof ApiError && e.body && e.body.errors) showErrors(e.body.errors, what + ': ' + e.body.errors.length + ' error(s).', 'error');
    else showErrors([], what + ': ' + e.message, 'error');
  }

  async function runScenarios() {
    scenarioSummary.textContent = 'Running…';
    let r;
    try {
      r = await post('/api/rules/scenarios');
    } catch (e) {
      if (!(e instanceof ApiError && e.body && e.body.scenarios)) {
        scenarioSummary.textContent = 'Could not run: ' + (e.body && e.body.errors ? e.body.errors.join(' | ') : e.message);
        return;
      }
      r = e.body;
    }
    const passed = r.scenarios.filter((s) => s.passed).length;
    scenarioSummary.textContent = passed + ' of ' + r.scenarios.length + ' scenarios passed';
    replace(scenarios, r.scenarios.map((s) => h('tr', { class: 'scenario ' + (s.passed ? 'pass' : 'fail'), dataset: { file: s.file } },
      h('td', {}, s.file), h('td', {}, s.name), h('td', { class: s.passed ? 'EXECUTED' : 'FAILED' }, s.passed ? 'pass' : 'fail'),
      h('td', {}, s.failures.join('; ')))));
  }

  async function refreshStatus() {
    const s = await get('/api/rules');
    version.textContent = 'Rules v' + s.version + ', loaded ' + stamp(s.loadedAt) + ', ' + s.files.length + ' files';
    lastError.className = s.lastErrors.length ? 'error' : 'muted';
    lastError.textContent = s.lastErrors.length
      ? 'Last reload failed at ' + stamp(s.lastErrorAt) + ', the previous rules keep running: ' + s.lastErrors.map((e) => e.file + ' line ' + e.line + ': ' + e.message).join(' | ')
      : 'The last reload succeeded.';
    if (s.files.join() !== shownFiles) {
      shownFiles = s.files.join();
      replace(files, s.files.map((f) => h('li', {}, h('button', { type: 'button', class: 'link', dataset: { file: f }, onclick: () => open(f) }, f))));
    }
  }

  replace(view, h('h1', {}, 'Rules'),
    section('Running', version, lastError, files),
    section('Editor', h('div', { class: 'editor-bar' }, fileName,
      h('button', { type: 'button', id: 'validate', onclick: validate }, 'Validate'),
      h('button', { type: 'button', id: 'save', onclick: save }, 'Save')),
    h('div', { class: 'editor' }, gutter, editor), result, errors),
    section('Scenarios', h('button', { type: 'button', id: 'run-scenarios', onclick: runScenarios }, 'Run scenarios'), scenarioSummary,
      h('table', { id: 'scenarios' }, h('thead', {}, h('tr', {}, ['file', 'scenario', 'result', 'failures'].map((c) => h('th', {}, c)))), scenarios)),
    backtestSection());
  lines();
  return { refresh: refreshStatus };
}
