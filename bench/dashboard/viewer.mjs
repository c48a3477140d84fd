// The dashboard bench's viewer (bench/dashboard/run.sh): headless chromium
// (playwright-core, from tests/browser) signs in, opens the live page and,
// for --seconds, counts the live push's messages and measures how the page
// answers: the delay of an animation frame (the main thread's backlog) every
// 250 ms, and a click on a call to its page showing, then back to the list,
// every 2 s. Prints "ready" once the live page is open, then one JSON line.
// Usage: node viewer.mjs URL TOKEN SECONDS
import { chromium } from '../../tests/browser/node_modules/playwright-core/index.mjs';

const [url, token, seconds] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : null;
};
try {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  const messages = [];
  page.on('websocket', (ws) => ws.on('framereceived', () => messages.push(Date.now())));
  await page.goto(`${url}/dashboard/`);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('#live-calls', { timeout: 10000 });
  console.log('ready');
  await page.waitForSelector('#live-calls tr[data-call]', { timeout: 30000 });
  const start = Date.now();
  const frames = [];
  const clicks = [];
  let nextClick = start;
  while (Date.now() - start < seconds * 1000) {
    frames.push(await page.evaluate(() => new Promise((resolve) => {
      const t = performance.now();
      requestAnimationFrame(() => resolve(performance.now() - t));
    })));
    if (Date.now() >= nextClick) {
      const t = Date.now();
      await page.click('#live-calls tr[data-call] a');
      await page.waitForSelector('#call-status', { timeout: 10000 });
      clicks.push(Date.now() - t);
      await page.goto(`${url}/dashboard/#/live`);
      await page.waitForSelector('#live-calls tr[data-call]', { timeout: 10000 });
      nextClick = Date.now() + 2000;
    }
    await page.waitForTimeout(250);
  }
  const window = messages.filter((t) => t >= start);
  const rows = await page.$$eval('#live-calls tr[data-call]', (trs) => trs.length).catch(() => 0);
  console.log(JSON.stringify({
    seconds: (Date.now() - start) / 1000,
    push_messages_per_s: window.length / ((Date.now() - start) / 1000),
    frame_delay_ms: { p50: quantile(frames, 0.5), p99: quantile(frames, 0.99), max: Math.max(...frames) },
    click_to_call_page_ms: { p50: quantile(clicks, 0.5), max: Math.max(...clicks), n: clicks.length },
    live_rows_at_end: rows,
  }));
} finally {
  await browser.close();
}
