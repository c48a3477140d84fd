// The dashboard's single page: hash routes, one view at a time.
import { h } from './dom.js';
import { restore, signOut } from './session.js';
import { callPage, historyPage, livePage, recordPage, signInPage } from './pages.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let stop = null;  // closes the current view's live push

function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

async function render() {
  if (stop) { stop(); stop = null; }
  const [path, qs] = (location.hash.slice(1) || '/live').split('?');
  const parts = path.split('/').filter(Boolean);
  const query = new URLSearchParams(qs || '');
  nav.hidden = parts[0] === 'signin';
  try {
    if (parts[0] === 'signin') signInPage(main, go);
    else if (parts[0] === 'call') stop = callPage(main, decodeURIComponent(parts[1]));
    else if (parts[0] === 'history') await historyPage(main, query);
    // Loaded on demand: without web/node_modules (uPlot) only this page fails.
    else if (parts[0] === 'plots') await (await import('./plots.js')).plotsPage(main);
    else if (parts[0] === 'record') await recordPage(main, decodeURIComponent(parts[1]));
    else stop = livePage(main);
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error' }, e.message));
  }
}

document.getElementById('signout').addEventListener('click', async () => {
  await signOut();
  go('#/signin');
});

const state = await restore();
if (state === 'off') {
  main.replaceChildren(h('h1', {}, 'The dashboard is off'), h('p', {}, 'Set api.token in the configuration.'));
} else {
  if (!state) location.hash = '#/signin';
  window.addEventListener('hashchange', render);
  render();
}
