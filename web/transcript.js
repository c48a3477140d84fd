import { h, millis } from './dom.js';

// A record's transcript, turn by turn, with barge-ins marked, and its figures.
export function transcript(record) {
  const barges = (record.events || []).filter((e) => e.kind === 'barge_in');
  return h('section', { id: 'transcript' },
    h('h2', {}, 'Transcript'),
    (record.turns || []).length === 0 ? h('p', {}, 'No turns yet.') : null,
    (record.turns || []).map((t) => h('div', { class: `turn ${t.role}`, 'data-role': t.role },
      h('div', { class: 'who' }, `${t.role} · ${(t.at_ms / 1000).toFixed(1)} s`,
        t.interrupted ? h('span', { class: 'barge' }, ' · barge-in') : null),
      t.text)),
    h('p', {}, `Barge-ins: ${barges.length}`));
}

export function figures(record) {
  return h('div', { class: 'figures' },
    h('div', {}, 'First AI audio: ', millis(record.first_audio_ms)),
    h('div', {}, 'Turn latency (mean): ', millis(record.turn_latency_ms)),
    h('div', {}, 'Barge-in latency (max): ', millis(record.barge_in_latency_ms)));
}

export function events(record) {
  return h('section', {},
    h('h2', {}, 'Events'),
    h('table', {},
      h('tr', {}, h('th', {}, 'At'), h('th', {}, 'Kind'), h('th', {}, 'Detail'), h('th', {}, 'Latency')),
      (record.events || []).map((e) => h('tr', {},
        h('td', {}, `${(e.at_ms / 1000).toFixed(2)} s`), h('td', {}, e.kind),
        h('td', {}, e.detail), h('td', {}, millis(e.latency_ms))))));
}
