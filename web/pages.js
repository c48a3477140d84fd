import { h, time } from './dom.js';
import { getJson, livePush, postJson, signIn } from './session.js';
import { events, figures, transcript } from './transcript.js';

export function signInPage(main, go) {
  const error = h('p', { class: 'error', role: 'alert' });
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', {
    onsubmit: async (e) => {
      e.preventDefault();
      if (await signIn(input.value)) go('#/live');
      else error.textContent = 'Wrong token.';
      input.value = '';
    },
  }, h('label', {}, 'API token ', input), ' ', h('button', { type: 'submit' }, 'Sign in'), error);
  main.replaceChildren(h('h1', {}, 'Sign in'), form);
}

// The carriers of voxgate's media routes (the history's carrier filter).
const CARRIERS = ['twilio', 'signalwire', 'telnyx', 'plivo', 'exotel', 'vonage'];

// The live list's words for a call's phase (voxgate's call_phase).
const STATES = {
  connecting: 'connecting', greeting: 'greeting', listening: 'listening', ai_speaking: 'AI speaking',
  reconnecting: 'reconnecting', transferring: 'transferring', ending: 'ending',
};

export function livePage(main) {
  const body = h('tbody');
  const table = h('table', { id: 'live-calls' },
    h('thead', {}, h('tr', {}, ['Call', 'Carrier', 'Caller', 'Started', 'State', 'Turns', 'Barge-ins'].map((t) => h('th', {}, t)))),
    body);
  main.replaceChildren(h('h1', {}, 'Live calls'), table);
  let own = [];     // this instance's calls, pushed within a second
  let others = [];  // other instances' (the live-call registry; polled)
  const row = (c, own) => h('tr', { 'data-call': c.id, 'data-instance': own ? '' : c.instance },
    h('td', {}, h('span', { class: 'live-dot' }), h('a', { href: `#/call/${encodeURIComponent(c.id)}` }, c.id)),
    h('td', { class: 'carrier' }, c.carrier || '—'), h('td', { class: 'caller' }, c.caller || '—'),
    h('td', {}, time(c.started_at_ms)),
    own ? h('td', { class: 'state', 'data-state': c.state }, STATES[c.state] || c.state)
      : h('td', { class: 'state' }, `on ${c.instance}`),
    h('td', {}, own ? c.turns : '—'), h('td', {}, own ? c.barge_ins : '—'));
  const render = () => {
    const mine = new Set(own.map((c) => c.id));
    const rest = others.filter((c) => !mine.has(c.id));
    body.replaceChildren(...own.map((c) => row(c, true)), ...rest.map((c) => row(c, false)));
    if (own.length + rest.length === 0) body.append(h('tr', {}, h('td', { colspan: 7 }, 'No live calls.')));
  };
  // Every instance's calls, from the registry (Redis with cluster.redis_url;
  // else this instance's, which the push already shows).
  const poll = async () => {
    try { others = (await getJson('calls?live=1')).calls; render(); } catch { /* the push goes on */ }
  };
  const timer = setInterval(poll, 2000);
  poll();
  const stopPush = livePush(null, (data) => { own = data.calls; render(); });
  return () => { clearInterval(timer); stopPush(); };
}

function controls(id) {
  const status = h('p', { id: 'action-status', role: 'status' });
  const act = (label, run) => async () => {
    try { await run(); status.textContent = `${label}: sent`; } catch (e) { status.textContent = `${label}: ${e.message}`; }
  };
  const line = h('input', { id: 'say-text', placeholder: 'A line for the agent to say' });
  const target = h('input', { id: 'transfer-to', placeholder: '+15550100 or sip:…' });
  return h('div', {},
    h('div', { class: 'actions' },
      h('button', { id: 'hangup', class: 'danger', onclick: act('Hang up', async () => {
        if (confirm('Hang up this call?')) await postJson(`calls/${encodeURIComponent(id)}/hangup`);
      }) }, 'Hang up')),
    h('div', { class: 'actions' }, line,
      h('button', { id: 'say', onclick: act('Say', () => postJson(`calls/${encodeURIComponent(id)}/say`, { text: line.value })) }, 'Say')),
    h('div', { class: 'actions' }, target,
      h('button', { id: 'transfer', onclick: act('Transfer', async () => {
        if (confirm(`Transfer this call to ${target.value}?`)) {
          await postJson(`calls/${encodeURIComponent(id)}/transfer`, { to: target.value });
        }
      }) }, 'Transfer')),
    status);
}

export function callPage(main, id) {
  const status = h('p', { id: 'call-status', role: 'status' }, 'live');
  const view = h('div');
  main.replaceChildren(h('h1', {}, `Call ${id}`), status, controls(id), view);
  return livePush(id, (data) => {
    if (!data.call) {
      status.textContent = 'ended';
      view.replaceChildren(h('a', { id: 'record-link', href: `#/record/${encodeURIComponent(id)}` }, 'Open its record'));
      return;
    }
    view.replaceChildren(figures(data.call), transcript(data.call));
  });
}

export async function historyPage(main, query) {
  const field = (name, attrs) => h('label', {}, name, h('input', { name, value: query.get(name) || '', ...attrs }));
  const form = h('form', { class: 'filters', id: 'filters' },
    field('from', { type: 'datetime-local' }), field('to', { type: 'datetime-local' }),
    field('end_reason', { placeholder: 'e.g. operator_hangup' }),
    h('label', {}, 'carrier', h('select', { name: 'carrier' },
      ['', ...CARRIERS].map((c) => h('option', { value: c, selected: query.get('carrier') === c }, c || 'any')))),
    field('q', { type: 'search', placeholder: 'words said in the call', maxlength: 200 }),
    h('button', { type: 'submit' }, 'Filter'));
  const offset = Number(query.get('offset') || 0);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = `#/history?${q}`;
  });
  const api = new URLSearchParams({ limit: 20, offset });
  if (query.get('from')) api.set('since', Date.parse(query.get('from')));
  if (query.get('to')) api.set('until', Date.parse(query.get('to')));
  for (const name of ['end_reason', 'carrier', 'q']) if (query.get(name)) api.set(name, query.get(name));
  let page;
  try {
    page = await getJson(`calls?${api}`);
  } catch (e) {
    main.replaceChildren(h('h1', {}, 'History'), form, h('p', { class: 'error', role: 'alert', id: 'history-error' }, e.message));
    return;
  }
  const rows = page.calls.map((c) => h('tr', { 'data-call': c.id },
    h('td', {}, h('a', { href: `#/record/${encodeURIComponent(c.id)}` }, c.id)),
    h('td', {}, c.carrier || '—'), h('td', {}, c.caller || '—'),
    h('td', {}, time(c.started_at_ms)), h('td', {}, time(c.ended_at_ms)), h('td', {}, c.end_reason)));
  const pager = (label, to) => {
    const q = new URLSearchParams(query); q.set('offset', to);
    return h('a', { href: `#/history?${q}` }, label);
  };
  main.replaceChildren(h('h1', {}, 'History'), form,
    h('table', { id: 'history' }, h('tr', {}, ['Call', 'Carrier', 'Caller', 'Started', 'Ended', 'End reason'].map((t) => h('th', {}, t))), rows),
    h('p', {}, offset > 0 ? pager('← Newer', Math.max(0, offset - 20)) : null, ' ',
      page.next_offset !== null ? pager('Older →', page.next_offset) : null));
}

export async function recordPage(main, id) {
  const r = await getJson(`calls/${encodeURIComponent(id)}`);
  const wav = `/dashboard/api/calls/${encodeURIComponent(id)}/recording.wav`;
  main.replaceChildren(h('h1', {}, `Call ${id}`),
    h('p', {}, `${time(r.started_at_ms)} – ${time(r.ended_at_ms)} · ended: `, h('strong', { id: 'end-reason' }, r.end_reason)),
    h('p', { id: 'origin' }, `Carrier: ${r.carrier || 'unknown'} · caller: ${r.caller || 'unknown'}`),
    figures(r),
    r.has_recording
      ? h('div', {}, h('audio', { id: 'recording', controls: true, preload: 'metadata', src: wav }), ' ',
        h('a', { href: wav, download: `${id}.wav` }, 'Download recording'))
      : h('p', {}, 'No recording.'),
    transcript(r), events(r));
}
