// Baton's console: one page for the paths /, /pools/{pool}, /decisions, /rules and /usage. The token comes
// from the URL fragment once (#token=...), is kept in this tab's sessionStorage and leaves the address bar.
// Each view shows only what the caller's role may use (the server enforces it anyway) and refreshes itself
// every 2 seconds, without reloading the page.
import { takeTokenFromFragment, token, signIn, signOut, get, ApiError } from './api.js';
import { h, replace } from './dom.js';
import * as pools from './pools.js';
import * as pool from './pool.js';
import * as decisions from './decisions.js';
import * as rules from './rules.js';
import * as usage from './usage.js';

const VIEWS = {
  pools: { module: pools, roles: ['OPS', 'CUSTOMER'] },
  pool: { module: pool, roles: ['OPS', 'CUSTOMER'] },
  decisions: { module: decisions, roles: ['OPS', 'CUSTOMER'] },
  rules: { module: rules, roles: ['OPS'] },
  usage: { module: usage, roles: ['OPS', 'BILLING', 'CUSTOMER'] },
};
const EVERY_MS = 2000;
const status = document.getElementById('status');
const view = document.getElementById('view');
let generation = 0; // a new sign-in or sign-out stops the previous view's refresh loop

function route(path) {
  if (path === '/' || path === '/index.html') return ['pools'];
  const p = path.match(/^\/pools\/([^/]+)$/);
  if (p) return ['pool', decodeURIComponent(p[1])];
  const name = path.slice(1);
  return VIEWS[name] ? [name] : ['pools'];
}

function showSignIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('sign-in').hidden = false;
  replace(view);
  status.textContent = message;
}

async function start() {
  const gen = ++generation;
  takeTokenFromFragment();
  if (!token()) return showSignIn('Sign in with a token to see the fleet.');
  let me;
  try {
    me = await get('/api/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      signOut();
      return showSignIn('That token is not valid: sign in again.');
    }
    status.textContent = 'Cannot reach Baton: ' + e.message;
    setTimeout(start, EVERY_MS);
    return;
  }
  document.getElementById('sign-in').hidden = true;
  document.getElementById('sign-out').hidden = false;
  document.getElementById('who').textContent = me.name + ' (' + me.role + ')';
  const nav = document.getElementById('nav');
  nav.hidden = false;
  const [name, param] = route(location.pathname);
  for (const a of nav.querySelectorAll('a')) {
    const v = a.dataset.view;
    a.hidden = !VIEWS[v].roles.includes(me.role);
    a.classList.toggle('current', v === name || (v === 'pools' && name === 'pool'));
  }
  const v = VIEWS[name];
  if (!v.roles.includes(me.role)) {
    const home = me.role === 'BILLING' ? '/usage' : '/';
    replace(view, h('p', { class: 'denied' }, 'The ' + me.role + ' role cannot use this page. ', h('a', { href: home }, 'Go to ' + home)));
    status.textContent = '';
    return;
  }
  document.body.dataset.view = name;
  const mounted = v.module.mount(view, { me, param });
  const loop = async () => {
    if (gen !== generation) return;
    try {
      await mounted.refresh();
      status.textContent = 'Updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
      status.classList.remove('error');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut();
        return showSignIn('The token is no longer valid: sign in again.');
      }
      status.textContent = 'Cannot read the API: ' + e.message;
      status.classList.add('error');
    }
    setTimeout(loop, EVERY_MS);
  };
  loop();
}

document.getElementById('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  signIn(document.getElementById('token').value.trim());
  document.getElementById('token').value = '';
  start();
});
document.getElementById('sign-out').addEventListener('click', () => {
  generation++;
  signOut();
  showSignIn('Signed out.');
});
// a link with another token opened in this tab (only the fragment changes, so the page does not load again)
window.addEventListener('hashchange', () => {
  if (new URLSearchParams(location.hash.slice(1)).has('token')) start();
});
start();
