// The official `openai` SDK's Realtime client (OpenAIRealtimeWS) and its Live
// client (LiveWS) against voxgate's local agent, as a new user would use
// them: connect, have the agent greet, send one spoken turn, receive audio
// and a transcript. Fails on any SDK error event, on a thrown error (a
// TypeError inside the SDK included), on a timeout, and on a missing field
// the GA types mark required in the events read here.
//
// Every server event the clients received is kept (the first few of each
// type) and written as a TypeScript module typed with the SDK's generated
// unions (RealtimeServerEvent, Live's ServerEvent); scripts/sdk_test.sh
// compiles it with tsc, so a missing, extra or mistyped field fails.
//
// Starts nothing: scripts/sdk_test.sh starts the agent and passes
//   node agent_sdk_test.mjs HOST:PORT CALLER.wav EVENTS.ts
// The caller WAV is 16-bit mono (flite's 16 kHz "rms" voice in the script).
//
// The Realtime client dials wss:// only and the agent serves plain ws://, so
// its socket is handed a plain TCP connection through the `ws` package's
// createConnection option; the Live client follows the base URL's scheme.
import net from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { LiveWS } from 'openai/resources/live/ws';

const [hostPort, wavPath, eventsPath] = process.argv.slice(2);
if (!hostPort || !wavPath || !eventsPath) {
  console.error('usage: node agent_sdk_test.mjs HOST:PORT CALLER.wav EVENTS.ts');
  process.exit(2);
}
const [host, port] = hostPort.split(':');
const TIMEOUT_MS = 20000;
process.on('uncaughtException', (e) => fail(`uncaught ${e.name}: ${e.message}`));
process.on('unhandledRejection', (e) => fail(`unhandled rejection: ${e}`));

function fail(msg) {
  console.error(`sdk test FAILED: ${msg}`);
  process.exit(1);
}

function need(cond, what, event) {
  if (!cond) fail(`${what}: ${JSON.stringify(event).slice(0, 400)}`);
}

// 16-bit mono PCM samples and their rate from a RIFF WAV.
function readWav(path) {
  const b = readFileSync(path);
  let off = 12, rate = 0, data = null;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4), size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') rate = b.readUInt32LE(off + 12);
    if (id === 'data') data = b.subarray(off + 8, off + 8 + size);
    off += 8 + size + (size & 1);
  }
  if (!rate || !data) fail(`${path}: not a PCM WAV`);
  const pcm = new Int16Array(data.length / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = data.readInt16LE(2 * i);
  return { rate, pcm };
}

// Plain linear-interpolation resampling: good enough for a recogniser.
function resample(pcm, from, to) {
  if (from === to) return pcm;
  const out = new Int16Array(Math.floor((pcm.length * to) / from));
  for (let i = 0; i < out.length; i++) {
    const x = (i * from) / to, k = Math.floor(x), f = x - k;
    out[i] = Math.round(pcm[k] * (1 - f) + (pcm[Math.min(k + 1, pcm.length - 1)] ?? 0) * f);
  }
  return out;
}

// G.711 mu-law (ITU-T G.711, the usual bias-and-segment encoder).
function ulaw(s) {
  const sign = s < 0 ? 0x80 : 0;
  let m = Math.min(Math.abs(s), 32635) + 0x84, exp = 7;
  for (let bit = 0x4000; (m & bit) === 0 && exp > 0; bit >>= 1) exp--;
  return ~(sign | (exp << 4) | ((m >> (exp + 3)) & 0x0f)) & 0xff;
}

// The caller's turn plus 1.5 s of silence (the agent's end of turn), as
// 20 ms chunks of bytes in the session's format.
function callerChunks(rate, encode) {
  const wav = readWav(wavPath);
  const speech = resample(wav.pcm, wav.rate, rate);
  const all = new Int16Array(speech.length + Math.round(rate * 1.5));
  all.set(speech);
  const chunks = [], per = rate / 50;
  for (let i = 0; i < all.length; i += per) chunks.push(encode(all.subarray(i, i + per)));
  return chunks;
}
const pcm16le = (s) => Buffer.from(s.buffer.slice(s.byteOffset, s.byteOffset + s.byteLength));
const mulaw = (s) => Buffer.from(Array.from(s, ulaw));

// The first few events of each type, per client: enough for the type check,
// small enough for tsc to read in a second.
const PER_TYPE = 3;
const captured = { realtime: [], live: [] };
function capture(kind, e) {
  const same = captured[kind].filter((x) => x.type === e.type).length;
  if (same < PER_TYPE) captured[kind].push(e);
}
function writeEvents() {
  const list = (events) => events.map((e) => '  ' + JSON.stringify(e)).join(',\n');
  writeFileSync(
    eventsPath,
    "import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';\n" +
      "import type { ServerEvent as LiveServerEvent } from 'openai/resources/live/live';\n" +
      `export const realtime: RealtimeServerEvent[] = [\n${list(captured.realtime)}\n];\n` +
      `export const live: LiveServerEvent[] = [\n${list(captured.live)}\n];\n`,
  );
  const types = (events) => new Set(events.map((e) => e.type)).size;
  console.log(
    `captured ${captured.realtime.length} Realtime events (${types(captured.realtime)} types), ` +
      `${captured.live.length} Live events (${types(captured.live)} types) for the type check`,
  );
}

function withTimeout(what, executor) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: timed out`)), TIMEOUT_MS);
    executor((v) => { clearTimeout(t); resolve(v); }, reject);
  });
}

async function realtime() {
  const client = new OpenAI({ apiKey: 'local', baseURL: `https://${host}:${port}/v1` });
  const rt = new OpenAIRealtimeWS(
    { model: 'gpt-realtime', options: { createConnection: () => net.connect(Number(port), host) } },
    client,
  );
  rt.on('error', (e) => fail(`Realtime SDK error event: ${e.message ?? JSON.stringify(e)}`));
  rt.on('event', (e) => capture('realtime', e));
  let audioBytes = 0, greeted = false;
  const texts = [];
  rt.on('response.output_audio.delta', (e) => (audioBytes += Buffer.from(e.delta, 'base64').length));
  rt.on('response.output_item.done', (e) => {
    need(typeof e.response_id === 'string', 'output_item.done without response_id', e);
    if (e.item.type === 'message') need(Array.isArray(e.item.content), 'message item without content', e);
  });
  await withTimeout('session.created', (ok) => rt.on('session.created', ok));
  rt.send({
    type: 'session.update',
    session: {
      type: 'realtime',
      audio: { input: { format: { type: 'audio/pcmu' } }, output: { format: { type: 'audio/pcmu' } } },
    },
  });
  const done = (label) =>
    withTimeout(label, (ok) => {
      const on = (e) => {
        rt.off('response.done', on);
        ok(e);
      };
      rt.on('response.done', on);
    });
  rt.send({ type: 'response.create' });
  const greeting = await done('greeting response.done');
  greeted = true;
  const heard = withTimeout('input transcription', (ok) =>
    rt.on('conversation.item.input_audio_transcription.completed', (e) => ok(e.transcript)),
  );
  const reply = done('reply response.done');
  for (const c of callerChunks(8000, mulaw)) rt.send({ type: 'input_audio_buffer.append', audio: c.toString('base64') });
  const caller = await heard;
  const r = await reply;
  for (const resp of [greeting, r]) {
    const msg = resp.response.output?.find((i) => i.type === 'message');
    need(msg, 'response.done.output has no message', resp);
    const part = msg.content?.find((p) => p.type === 'output_audio');
    need(part && typeof part.transcript === 'string', 'message has no output_audio transcript', resp);
    texts.push(part.transcript);
    need(resp.response.usage, 'response.done without usage', resp);
  }
  rt.close();
  need(greeted && audioBytes > 0, 'no audio', { audioBytes });
  need(/book an appointment/.test(caller), 'caller not recognised', { caller });
  need(/Which day/.test(texts[1]), 'reply not the booking question', { texts });
  console.log(`realtime: ${audioBytes} audio bytes; caller "${caller}"; agent "${texts[1]}"`);
}

async function live() {
  const client = new OpenAI({ apiKey: 'local', baseURL: `http://${host}:${port}/v1` });
  const lv = new LiveWS(client);
  lv.on('error', (e) => fail(`Live SDK error event: ${e.message ?? JSON.stringify(e)}`));
  lv.on('event', (e) => capture('live', e));
  let audioBytes = 0;
  const said = [], heard = [];
  lv.on('session.output_audio.delta', (e) => (audioBytes += Buffer.from(e.delta, 'base64').length));
  lv.on('session.output_transcript.delta', (e) => said.push(e.delta));
  lv.on('session.input_transcript.delta', (e) => {
    need(Number.isInteger(e.start_ms) && e.end_ms > e.start_ms, 'input fragment not timed', e);
    heard.push(e.delta);
  });
  const started = withTimeout('session.started', (ok) => lv.on('session.started', ok));
  lv.send({
    type: 'session.start',
    session: { model: 'gpt-live-1', audio: { format: { type: 'audio/pcm', rate: 16000 } } },
  });
  const s = await started;
  need(s.session.audio.format.rate === 16000, 'session.started format', s);
  lv.send({ type: 'session.commentary.append', delegation_id: null, content: 'Greet the caller now.' });
  await withTimeout('greeting', (ok) => lv.on('session.output_transcript.delta', ok));
  for (const c of callerChunks(16000, pcm16le)) lv.send({ type: 'session.input_audio.append', audio: c.toString('base64') });
  await withTimeout('reply', (ok) => {
    lv.on('session.output_transcript.delta', (e) => heard.length > 0 && ok(e));
  });
  const closed = withTimeout('session.closed', (ok) => lv.on('session.closed', ok));
  lv.send({ type: 'session.close' });
  const c = await closed;
  need(c.reason === 'close_requested' && c.usage.seconds > 0, 'session.closed', c);
  need(audioBytes > 0, 'no audio', { audioBytes });
  need(/book an appointment/.test(heard.join(' ')), 'caller not recognised', { heard });
  need(/Which day/.test(said.at(-1)), 'reply not the booking question', { said });
  console.log(`live: ${audioBytes} audio bytes; caller "${heard.join(' ')}"; agent "${said.at(-1)}"`);
}

try {
  await realtime();
  await live();
  writeEvents();
  console.log('sdk test passed');
  process.exit(0);
} catch (e) {
  fail(e.message);
}
