// Starts fakeai, voxgate (serve --agent url) and, on demand, callsim from a
// build folder, on free loopback ports, as bench/load/load.py does. The API
// token reaches voxgate through its environment (VOXGATE_API_TOKEN), never a
// command line, URL or log.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

async function waitPort(port, proc, name, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`${name} exited (${proc.exitCode}) before listening`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));  // connect retry interval, bounded by `until`
  }
  throw new Error(`${name} not listening on ${port} after ${ms} ms`);
}

// The caller's number callsim sends as Twilio's From (the live list shows it).
export const CALLER = '+15550100';
// The one transfer target voxgate allows (tools.transfer_allow).
export const TRANSFER_TO = '+15550199';

export async function startStack({ bin, workDir, fakeaiScript }) {
  fs.mkdirSync(workDir, { recursive: true });
  const token = randomBytes(18).toString('hex');
  const [fport, vport] = [await freePort(), await freePort()];
  const log = (name) => fs.openSync(path.join(workDir, `${name}.log`), 'w');
  const fakeai = spawn(path.join(bin, 'fakeai'), ['--listen', `127.0.0.1:${fport}`, '--script', fakeaiScript],
    { stdio: ['ignore', log('fakeai'), log('fakeai.err')] });
  const recordings = path.join(workDir, 'recordings');
  fs.rmSync(recordings, { recursive: true, force: true });
  fs.rmSync(path.join(workDir, 'calls.db'), { force: true });
  const voxgate = spawn(path.join(bin, 'voxgate'), ['serve', '--agent', 'url', '--port', String(vport),
    '--set', `ai.url=ws://127.0.0.1:${fport}/v1/realtime`,
    '--set', `store.db=${path.join(workDir, 'calls.db')}`, '--set', `store.recordings_dir=${recordings}`,
    '--set', 'call.greeting=Greet the caller.', '--set', 'call.greeting_interruptible=true',
    '--set', `tools.transfer_allow=${TRANSFER_TO}`],
  { stdio: ['ignore', log('voxgate'), log('voxgate.err')], env: { ...process.env, VOXGATE_API_TOKEN: token } });
  const procs = [fakeai, voxgate];
  await waitPort(fport, fakeai, 'fakeai');
  await waitPort(vport, voxgate, 'voxgate');
  const callsim = (seconds) => {
    const p = spawn(path.join(bin, 'callsim'), ['--url', `ws://127.0.0.1:${vport}/media/twilio`, '--calls', '1',
      '--param', `From=${CALLER}`,
      '--seconds', String(seconds), '--progress', '0', '--json', path.join(workDir, 'callsim.json')],
    { stdio: ['ignore', log('callsim'), log('callsim.err')] });
    procs.push(p);
    p.exited = new Promise((resolve) => p.on('exit', (code) => resolve(code)));
    return p;
  };
  const stop = () => { for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM'); };
  return { token, url: `http://127.0.0.1:${vport}`, callsim, stop };
}
