// The signed-in session: the CSRF token lives in this page's memory only
// (never in storage or URLs); the session itself is an HttpOnly cookie.
let csrf = null;

export async function restore() {
  const res = await fetch('/dashboard/session');
  if (res.status === 404) return 'off';
  if (!res.ok) return false;
  csrf = (await res.json()).csrf;
  return true;
}

export async function signIn(token) {
  const res = await fetch('/dashboard/signin', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!res.ok) return false;
  csrf = (await res.json()).csrf;
  return true;
}

export async function signOut() {
  await fetch('/dashboard/signout', { method: 'POST' });
  csrf = null;
}

export async function getJson(path) {
  const res = await fetch(`/dashboard/api/${path}`);
  if (res.status === 401) { location.hash = '#/signin'; throw new Error('signed out'); }
  if (!res.ok) throw new Error((await res.json()).error || res.statusText);
  return res.json();
}

export async function postJson(path, body = {}) {
  const res = await fetch(`/dashboard/api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf || '' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

// The live push (WebSocket): calls onData with each message until close().
export function livePush(callId, onData) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = callId ? `?call=${encodeURIComponent(callId)}` : '';
  const ws = new WebSocket(`${proto}//${location.host}/dashboard/live${query}`);
  ws.onmessage = (e) => onData(JSON.parse(e.data));
  return () => ws.close();
}
