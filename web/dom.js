// h(tag, attributes, ...children): builds elements; text is always set as
// text (never parsed as HTML), so transcripts cannot inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function time(ms) {
  return ms ? new Date(ms).toLocaleString() : '';
}

export function millis(v) {
  return v === null || v === undefined ? '–' : `${Math.round(v)} ms`;
}
