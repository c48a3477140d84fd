// The dashboard in a real browser (Debian's chromium, headless, driven by
// playwright-core) against a running voxgate with fakeai and callsim: sign in,
// a call shows in the live list within 1 s with its carrier, caller and
// state, its transcript grows, forged cross-site requests are refused, a line
// is said from the page, hanging up from the page ends it with
// operator_hangup, its record page plays the recording and seeks in it, the
// history filters by carrier and words, a second call is transferred from its
// page (confirmed), the plots draw. Screenshots go to
// <build>/browser/. Usage: node dashboard.test.mjs [build folder]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CALLER, TRANSFER_TO, freePort, startStack } from './stack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = path.resolve(process.argv[2] || path.join(root, 'build/release'));
const shots = path.join(root, 'build/browser');
const CALL_SECONDS = 60;  // longer than the test: the page ends the call

let failures = 0;
const t0 = Date.now();
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!ok) failures += 1;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// A page on another site (localhost is not 127.0.0.1's site) that posts a
// hang-up form to the dashboard, as a cross-site request forgery would.
async function evilSite(target) {
  const port = await freePort();
  const srv = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    if (req.url === '/ws') return res.end('<p>another site</p>');
    res.end(`<form id=f method=POST action="${target}"></form><script>f.submit()</script>`);
  });
  await new Promise((r) => srv.listen(port, '127.0.0.1', r));
  return { url: `http://localhost:${port}/`, close: () => srv.close() };
}

async function forgedRequests(page, stack, id, cookie) {
  const target = `${stack.url}/dashboard/api/calls/${encodeURIComponent(id)}/hangup`;
  const evil = await evilSite(target);
  const answer = page.waitForResponse((r) => r.url() === target, { timeout: 5000 });
  await page.goto(evil.url);
  const status = (await answer).status();
  check(status === 401 || status === 403, `cross-site form post refused (${status})`);
  // The live push from another site: refused (1008) before any call is sent.
  await page.goto(evil.url.replace(/\/$/, '/ws'));
  const pushed = await page.evaluate((url) => new Promise((resolve) => {
    const ws = new WebSocket(url);
    let messages = 0;
    ws.onmessage = () => { messages += 1; };
    ws.onclose = (e) => resolve({ code: e.code, messages });
  }), `${stack.url.replace('http', 'ws')}/dashboard/live`);
  evil.close();
  check(pushed.code === 1008 && pushed.messages === 0,
    `cross-site live push refused (close ${pushed.code}, ${pushed.messages} messages)`);
  // Even with the session cookie, another Origin or a missing CSRF token is refused.
  const forged = await fetch(target, { method: 'POST', headers: { Cookie: cookie, Origin: 'http://evil.example' } });
  check(forged.status === 403, `forged request with the cookie and another Origin refused (${forged.status})`);
  const noToken = await fetch(target, { method: 'POST', headers: { Cookie: cookie, Origin: stack.url } });
  check(noToken.status === 403, `request without the CSRF token refused (${noToken.status})`);
}

async function run(browser, stack) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });  // the confirmations
  await page.goto(`${stack.url}/dashboard/`);
  await page.waitForSelector('#token', { timeout: 5000 });
  await shot(page, 'signin');
  await page.fill('#token', stack.token);
  await page.click('button[type=submit]');
  await page.waitForSelector('#live-calls', { timeout: 5000 });
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'vg_session');
  check(session && session.httpOnly && session.sameSite === 'Strict' && session.expires > 0,
    'session cookie is HttpOnly, SameSite=Strict and expiring');
  check(!page.url().includes(stack.token), 'no token in the URL');

  const started = Date.now();
  const sim = stack.callsim(CALL_SECONDS);
  const row = await page.waitForSelector('#live-calls tr[data-call]', { timeout: 5000 });
  const shownMs = Date.now() - started;
  check(shownMs <= 1000, `call in the live list ${shownMs} ms after callsim started`);
  const id = await row.getAttribute('data-call');
  const origin = [await row.$eval('td.carrier', (e) => e.textContent), await row.$eval('td.caller', (e) => e.textContent)];
  check(origin[0] === 'twilio' && origin[1] === CALLER, `live list shows carrier and caller (${origin.join(', ')})`);
  // The state column follows the call: the greeting, then listening or the AI speaking.
  const states = new Set();
  const until = Date.now() + 6000;
  while (Date.now() < until && !(states.has('greeting') && states.size >= 2)) {
    states.add(await page.$eval('#live-calls tr[data-call] td.state', (e) => e.dataset.state));
    await page.waitForTimeout(100);
  }
  check(states.has('greeting') && [...states].some((x) => x === 'listening' || x === 'ai_speaking'),
    `live state follows the call (${[...states].join(' -> ')})`);
  await shot(page, 'live');

  await page.click(`#live-calls tr[data-call] a`);
  await page.waitForSelector('#transcript .turn', { timeout: 10000 });
  const first = await page.locator('#transcript .turn').count();
  await page.waitForFunction((n) => document.querySelectorAll('#transcript .turn').length > n, first, { timeout: 10000 });
  const later = await page.locator('#transcript .turn').count();
  check(later > first, `transcript grows (${first} -> ${later} turns)`);
  await shot(page, 'call');

  await forgedRequests(await context.newPage(), stack, id, `vg_session=${session.value}`);
  check(sim.exitCode === null, 'the call is still live after the forged requests');

  await page.fill('#say-text', 'One moment please.');
  await page.click('#say');
  await page.waitForFunction(() => document.getElementById('action-status').textContent !== '', null, { timeout: 5000 });
  const said = await page.textContent('#action-status');
  check(said === 'Say: sent', `say a line from the page (${said})`);
  await page.click('#hangup');
  await page.waitForSelector('#record-link', { timeout: 5000 });
  check((await page.textContent('#call-status')) === 'ended', 'hang-up from the page ends the call');
  await sim.exited;
  await recordPage(page, id);
  await page.goto(`${stack.url}/dashboard/#/history`);
  await page.waitForSelector(`#history tr[data-call="${id}"]`, { timeout: 5000 });
  await shot(page, 'history');
  await historyFilters(page, stack, id);
  await transfer(page, stack, dialogs);
  await page.goto(`${stack.url}/dashboard/#/plots`);
  await page.waitForSelector('#plot-end-reasons canvas', { timeout: 5000 });
  const plots = await page.$$eval('[id^=plot-] canvas', (cs) => cs.length);
  const figures = await page.evaluate(async () => (await fetch('/dashboard/api/figures')).status);
  check(plots === 5 && figures === 200, `plots page draws its 5 charts from /api/figures (${plots}, ${figures})`);
  await shot(page, 'plots');
  await context.close();
  const logs = ['voxgate.log', 'voxgate.err.log'].map((f) => fs.readFileSync(path.join(shots, f), 'utf8')).join('');
  check(logs.length > 0 && !logs.includes(stack.token), 'the token is in no voxgate log line');
}

// A second call, transferred from its page after the confirmation: the
// stream ends and its record says transferred, with the transfer event.
async function transfer(page, stack, dialogs) {
  await page.goto(`${stack.url}/dashboard/#/live`);
  const sim = stack.callsim(CALL_SECONDS);
  const row = await page.waitForSelector('#live-calls tr[data-call]', { timeout: 5000 });
  const id = await row.getAttribute('data-call');
  // Straight to its page (the click from the list is checked above): the
  // list is re-rendered on every push, which can keep a click waiting.
  await page.goto(`${stack.url}/dashboard/#/call/${encodeURIComponent(id)}`);
  await page.waitForSelector('#transfer', { timeout: 5000 });
  await page.fill('#transfer-to', TRANSFER_TO);
  const asked = dialogs.length;
  await page.click('#transfer');
  await page.waitForSelector('#record-link', { timeout: 10000 });
  check(dialogs[asked] === `Transfer this call to ${TRANSFER_TO}?`, `transfer asks for confirmation (${dialogs[asked]})`);
  await sim.exited;
  let record = {};
  const until = Date.now() + 5000;
  while (record.end_reason !== 'transferred' && Date.now() < until) {
    record = await page.evaluate(async (callId) => (await fetch(`/dashboard/api/calls/${callId}`)).json(), id);
    if (record.end_reason !== 'transferred') await page.waitForTimeout(200);
  }
  const event = (record.events || []).find((e) => e.kind === 'transfer');
  check(record.end_reason === 'transferred' && event && event.detail.includes(TRANSFER_TO),
    `transfer from the page: record ends ${record.end_reason}, event ${event ? event.detail : 'none'}`);
}

// The history's filter form: by carrier and by words said in the call
// (ignoring case); a bad value shows the API's 400 message.
async function historyFilters(page, stack, id) {
  const rows = async (hash) => {
    await page.goto(`${stack.url}/dashboard/${hash}`);
    await page.waitForSelector('#history, #history-error', { timeout: 5000 });
    return page.$$eval('#history tr[data-call]', (trs) => trs.map((tr) => tr.dataset.call));
  };
  await page.selectOption('#filters select[name=carrier]', 'twilio');
  await page.fill('#filters input[name=q]', 'DASHBOARD TEST caller');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('carrier=twilio'), null, { timeout: 5000 });
  await page.waitForSelector(`#history tr[data-call="${id}"]`, { timeout: 5000 });
  check(true, 'history filtered by carrier and transcript text shows the call');
  const none = [await rows('#/history?carrier=telnyx'), await rows('#/history?q=nobody%20said%20this')];
  check(none.every((r) => r.length === 0), `other carrier or other words: no rows (${none.map((r) => r.length)})`);
  await rows('#/history?carrier=twillio');
  const error = await page.textContent('#history-error');
  check(error.startsWith('carrier must be one of'), `a bad carrier shows the API's message (${error})`);
}

// The record is written when the call ends, by the store's writer thread: the
// page is reloaded until it shows (bounded).
async function recordPage(page, id) {
  await page.click('#record-link');
  const until = Date.now() + 5000;
  while (!(await page.locator('#end-reason').count()) && Date.now() < until) {
    await page.waitForTimeout(200);
    await page.reload();
  }
  const reason = await page.textContent('#end-reason', { timeout: 1000 });
  check(reason === 'operator_hangup', `end reason ${reason}`);
  const originText = await page.textContent('#origin');
  check(originText === `Carrier: twilio · caller: ${CALLER}`, `record shows carrier and caller (${originText})`);
  const record = await page.evaluate(async (callId) => (await fetch(`/dashboard/api/calls/${callId}`)).json(), id);
  const callSeconds = (record.ended_at_ms - record.started_at_ms) / 1000;
  await page.waitForFunction(() => document.getElementById('recording')?.duration > 0, null, { timeout: 5000 });
  const audioSeconds = await page.evaluate(() => document.getElementById('recording').duration);
  check(Math.abs(audioSeconds - callSeconds) < 1.0,
    `recording plays: ${audioSeconds.toFixed(2)} s of audio for a ${callSeconds.toFixed(2)} s call`);
  // Seeking needs the server's byte ranges (Accept-Ranges, 206).
  const seeked = await page.evaluate(() => new Promise((resolve) => {
    const a = document.getElementById('recording');
    const to = a.duration / 2;
    a.addEventListener('seeked', () => resolve({ to, at: a.currentTime, seekable: a.seekable.length }), { once: true });
    a.currentTime = to;
  }));
  check(seeked.seekable > 0 && Math.abs(seeked.at - seeked.to) < 0.5,
    `the recording seeks to ${seeked.to.toFixed(2)} s (at ${seeked.at.toFixed(2)} s)`);
  await shot(page, 'record');
}

const stack = await startStack({ bin, workDir: shots, fakeaiScript: path.join(here, 'fakeai.toml') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  await run(browser, stack);
} catch (e) {
  check(false, `${e.message.split('\n')[0]}`);
} finally {
  await browser.close();
  stack.stop();
}
console.log(`${failures ? 'FAILED' : 'PASSED'}: ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
