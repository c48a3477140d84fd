#!/usr/bin/env python3
"""Helper of bench/faults/run.sh (bench/README.md "Faults"). Python 3 stdlib only.

run.sh starts and stops the processes; this file does what is easier in
Python than in bash:

  records    fetch voxgate's call record (/api/calls/ID) of every call in a
             callsim report, once each is written
  admission  open M raw WebSockets to /media that never send `start` and time
             how voxgate closes them
  rss-watch  sample a process's VmRSS until SIGTERM, then write the peak
  summary    turn the per-scenario files into results.json and the table
"""

import argparse
import base64
import collections
import hashlib
import json
import os
import re
import selectors
import signal
import socket
import struct
import sys
import time
import urllib.error
import urllib.request

# BEHAVIOUR.md 5: no caller waits more than 3 s in silence because of a fault.
CONTRACT_MS = 3000.0
# Unheard time spread over a call by frame-pacing jitter: the no-fault run
# shows 5-25 ms, so only more than this over the contract is in doubt.
JITTER_MS = 50.0
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


# ---- records ---------------------------------------------------------------

def get_json(url, token=None, timeout=5.0):
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.load(r)


def cmd_records(args):
    """Every call's record, polled until it is no longer live (written at call end)."""
    with open(args.callsim) as f:
        report = json.load(f)
    out = {}
    deadline = time.monotonic() + args.timeout
    for call in report.get("calls", []):
        sid = call.get("call_sid")
        if not sid:
            continue
        rec = None
        while time.monotonic() < deadline:
            try:
                rec = get_json(f"http://127.0.0.1:{args.port}/api/calls/{sid}", args.token)
                if not rec.get("live"):
                    break
            except (urllib.error.URLError, OSError, ValueError):
                rec = None  # not written yet (404) or voxgate busy: ask again
            time.sleep(0.1)
        out[sid] = rec
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)


# ---- admission: raw WebSockets that never send `start` ----------------------

def ws_frame(opcode, payload):
    """One masked client frame (RFC 6455 5.2), FIN set."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def ws_parse(buf):
    """Complete server frames at the front of buf: ([(opcode, payload)], rest)."""
    frames = []
    while len(buf) >= 2:
        opcode, n = buf[0] & 0x0F, buf[1] & 0x7F
        pos = 2
        if n == 126:
            if len(buf) < 4:
                break
            n, pos = struct.unpack("!H", buf[2:4])[0], 4
        elif n == 127:
            if len(buf) < 10:
                break
            n, pos = struct.unpack("!Q", buf[2:10])[0], 10
        if buf[1] & 0x80:  # a server never masks; skip a mask if one is there
            pos += 4
        if len(buf) < pos + n:
            break
        frames.append((opcode, bytes(buf[pos:pos + n])))
        buf = buf[pos + n:]
    return frames, buf


class RawStream:
    """One media WebSocket opened by hand, as a carrier would before `start`."""

    def __init__(self, port, path, index):
        self.index = index
        self.opened = time.monotonic()
        self.upgraded = False
        self.status = None
        self.closed_after_ms = None
        self.close_code = None
        self.close_reason = ""
        self.how = None  # "close frame" or "eof"
        self.buf = b""
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            head += chunk
        head, _, self.buf = head.partition(b"\r\n\r\n")
        lines = head.decode(errors="replace").split("\r\n")
        parts = lines[0].split(" ")
        self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        want = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        accept = [ln.split(":", 1)[1].strip() for ln in lines[1:]
                  if ln.lower().startswith("sec-websocket-accept:")]
        self.upgraded = self.status == 101 and accept == [want]
        if not self.upgraded:
            self.finish("http " + str(self.status))
        self.sock.setblocking(False)

    def send_text(self, obj):
        self.sock.sendall(ws_frame(0x1, json.dumps(obj).encode()))

    def finish(self, how):
        if self.closed_after_ms is None:
            self.closed_after_ms = (time.monotonic() - self.opened) * 1000.0
            self.how = how

    def on_readable(self):
        """False once the server has closed the stream."""
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return True
        except OSError:
            data = b""
        if not data:
            self.finish("eof")
            return False
        frames, self.buf = ws_parse(self.buf + data)
        for opcode, payload in frames:
            if opcode == 0x9:  # ping: answer, or voxgate could close us for that instead
                self.sock.sendall(ws_frame(0xA, payload))
            elif opcode == 0x8:
                if len(payload) >= 2:
                    self.close_code = struct.unpack("!H", payload[:2])[0]
                    self.close_reason = payload[2:].decode(errors="replace")
                self.finish("close frame")
                try:
                    self.sock.sendall(ws_frame(0x8, payload[:2]))
                except OSError:
                    pass
                return False
        return True


def twilio_prestart(stream_sid):
    """What a caller may send before `start`: Twilio's `connected`, then (out of
    order) one media frame and one key press, each of which voxgate must reject."""
    media = {"event": "media", "sequenceNumber": "2", "streamSid": stream_sid,
             "media": {"track": "inbound", "chunk": "1", "timestamp": "0",
                       "payload": base64.b64encode(b"\xff" * 160).decode()}}
    dtmf = {"event": "dtmf", "sequenceNumber": "3", "streamSid": stream_sid,
            "dtmf": {"track": "inbound_track", "digit": "5"}}
    return [{"event": "connected", "protocol": "Call", "version": "1.0.0"}, media, dtmf]


def cmd_admission(args):
    streams = []
    for i in range(args.sockets):
        try:
            s = RawStream(args.port, args.path, i)
        except OSError as e:
            print(f"admission: socket {i}: {e}", file=sys.stderr)
            continue
        streams.append(s)
        if s.upgraded:
            for msg in twilio_prestart(f"MZadmission{i:08d}"):
                s.send_text(msg)
    sel = selectors.DefaultSelector()
    for s in streams:
        if s.upgraded:
            sel.register(s.sock, selectors.EVENT_READ, s)
    end = time.monotonic() + args.hold
    while sel.get_map() and time.monotonic() < end:
        for key, _ in sel.select(timeout=max(0.0, min(0.2, end - time.monotonic()))):
            if not key.data.on_readable():
                sel.unregister(key.fileobj)
    for s in streams:
        s.sock.close()
    closed = [s for s in streams if s.upgraded and s.closed_after_ms is not None]
    times = sorted(s.closed_after_ms for s in closed)
    result = {
        "sockets": args.sockets,
        "upgraded": sum(s.upgraded for s in streams),
        "http_refused": collections.Counter(str(s.status) for s in streams if not s.upgraded),
        "held_s": args.hold,
        "closed_by_voxgate": len(closed),
        "still_open_at_end": sum(s.upgraded and s.closed_after_ms is None for s in streams),
        "close_codes": collections.Counter(str(s.close_code) for s in closed),
        "close_reasons": collections.Counter(s.close_reason for s in closed),
        "closed_after_ms": {"min": times[0], "max": times[-1]} if times else None,
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


# ---- rss-watch ---------------------------------------------------------------

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        m = re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M)
    return int(m.group(1)) if m else 0


def cmd_rss_watch(args):
    peak = 0
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        try:
            peak = max(peak, rss_kib(args.pid))
        except OSError:
            break  # the process is gone
        time.sleep(0.05)
    with open(args.out, "w") as f:
        json.dump({"peak_rss_kib": peak}, f)


# ---- summary -------------------------------------------------------------------

def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def metrics(path):
    """Prometheus text -> {name{labels}: value}."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                key, _, value = line.strip().rpartition(" ")
                try:
                    out[key] = float(value)
                except ValueError:
                    pass
    except OSError:
        pass
    return out


def call_silence(call, rec, seconds):
    """(first audio ms, unheard ms) of one call.

    callsim's longest_silence_ms counts only gaps between two pieces of audio
    that did not start with a clear: dead air before the first audio, after the
    last, or after voxgate cut the holding prompt is not in it. `unheard` bounds
    all of it: the call's length after the first audio minus the audio heard."""
    length_ms = seconds * 1000.0
    if call.get("ended_by") != "caller" and rec and rec.get("ended_at_ms"):
        length_ms = float(rec["ended_at_ms"] - rec["started_at_ms"])  # voxgate hung up
    played_ms = call.get("bytes_played", 0) / 8.0  # 8 mu-law bytes per ms
    first = call.get("first_audio_ms")
    if first is None or not call.get("connected"):
        return None, length_ms  # the caller heard nothing at all
    return first, max(0.0, length_ms - first - played_ms)


def summarise_fault(d, name, what, seconds):
    cs = load(os.path.join(d, "callsim.json"), {})
    recs = load(os.path.join(d, "records.json"), {}) or {}
    fk = load(os.path.join(d, "fakeai_stats.json"), {}) or {}
    calls = cs.get("calls", [])
    firsts, unheard, reasons, ended_by, failures = [], [], collections.Counter(), \
        collections.Counter(), collections.Counter()
    redials = fallbacks = reconnected = 0
    errors = []
    for c in calls:
        rec = recs.get(c.get("call_sid"))
        first, un = call_silence(c, rec, seconds)
        firsts.append(first)
        unheard.append(un)
        ended_by[c.get("ended_by") or "?"] += 1
        if c.get("error"):
            errors.append(c["error"])
        if not rec:
            reasons["(no record)"] += 1
            continue
        reasons[rec.get("end_reason") or "?"] += 1
        for e in rec.get("events", []):
            if e["kind"] == "ai_leg_fatal":
                # "CA... closed close_code=1006: End of file" -> without the call id
                failures[re.sub(r"^CA\w+ ", "", e["detail"])] += 1
            elif e["kind"] == "reconnect_attempt":
                redials += 1
            elif e["kind"] == "reconnected":
                reconnected += 1
            elif e["kind"] == "fallback":
                fallbacks += 1
    totals = cs.get("totals", {})
    gap = totals.get("longest_silence_ms")
    no_audio = sum(f is None for f in firsts)
    lead = max((f if f is not None else u for f, u in zip(firsts, unheard)), default=None)
    bound = max(unheard + [lead or 0.0], default=None)
    if not calls:
        verdict = "no calls"
    elif (gap or 0) > CONTRACT_MS or (lead or 0) > CONTRACT_MS:
        verdict = "NO"
    elif bound is not None and bound > CONTRACT_MS + JITTER_MS:
        verdict = "?"  # more than 3 s unheard in all, not shown to be one stretch
    else:
        verdict = "yes"
    return {
        "kind": name,
        "fault": what,
        "calls": totals.get("calls", len(calls)),
        "calls_ok": totals.get("calls_ok", 0),
        "calls_failed": totals.get("calls_failed", 0),
        "longest_silence_ms": gap,
        "first_audio_ms_max": lead,
        "calls_hearing_nothing": no_audio,
        "unheard_ms_max": max(unheard, default=None),
        "within_3s": verdict,
        "ended_by": dict(ended_by),
        "end_reasons": dict(reasons),
        "ai_leg_failures": dict(failures),
        "reconnect_attempts": redials,
        "reconnected": reconnected,
        "fallbacks": fallbacks,
        "callsim_errors": sorted(set(errors))[:5],
        "fakeai": {k: fk.get(k) for k in ("connections", "refused", "responses_started",
                                          "responses_completed", "responses_failed",
                                          "errors_sent")},
    }


def summarise_admission(d):
    adm = load(os.path.join(d, "admission.json"))
    if adm is None:
        return None
    fk = load(os.path.join(d, "fakeai_stats.json"), {}) or {}
    m = metrics(os.path.join(d, "metrics.txt"))
    adm["start_deadline_ms"] = load(os.path.join(d, "deadline.json"), {}).get("ms")
    adm["fakeai_sessions_opened"] = fk.get("connections")
    adm["fakeai_refused"] = fk.get("refused")
    adm["voxgate_streams_refused_start_deadline"] = \
        m.get('voxgate_streams_refused_total{reason="start_deadline"}', 0.0)
    adm["voxgate_rejected_before_start"] = \
        m.get('voxgate_caller_messages_rejected_total{reason="before_start"}', 0.0)
    adm["voxgate_active_calls_after"] = m.get("voxgate_active_calls")
    return adm


def summarise_dtmf(d):
    r = load(os.path.join(d, "rss.json"))
    if r is None:
        return None
    cs = load(os.path.join(d, "callsim_dtmf.json"), {})
    recs = load(os.path.join(d, "records.json"), {}) or {}
    fk = load(os.path.join(d, "fakeai_stats.json"), {}) or {}
    m = metrics(os.path.join(d, "metrics.txt"))
    peak = load(os.path.join(d, "rss_peak.json"), {}).get("peak_rss_kib")
    rec = next(iter(recs.values()), None) or {}
    t = cs.get("totals", {})
    r.update({
        "peak_during_dtmf_call_kib": peak,
        "growth_after_trim_kib": r["after_dtmf_call_trimmed_kib"] - r["after_warmup_call_trimmed_kib"],
        "growth_at_peak_kib": (peak - r["after_warmup_call_trimmed_kib"]) if peak else None,
        "dtmf_sent": t.get("dtmf_sent"),
        "call_ok": t.get("calls_ok") == t.get("calls") == 1,
        "end_reason": rec.get("end_reason"),
        "record_events_kept": len(rec.get("events", [])),
        "record_entries_dropped": sum(v for k, v in m.items()
                                      if k.startswith("voxgate_record_entries_dropped_total")),
        "rejected_dtmf": m.get('voxgate_caller_messages_rejected_total{reason="bad_dtmf"}', 0.0),
        "ai_items_created": (fk.get("events_received") or {}).get("conversation.item.create"),
        "ai_responses_created": (fk.get("events_received") or {}).get("response.create"),
    })
    return r


def fmt(v, nd=0):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def counter_text(c, width=None):
    """{"a": 2, "b": 1} -> "a x2, b"; each key cut to width (the JSON has it whole)."""
    cut = lambda k: k if width is None or len(k) <= width else k[:width - 3] + "..."
    return ", ".join(f"{cut(k)} x{v}" if v > 1 else cut(k) for k, v in c.items()) or "-"


def table(rows, header):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths)) + " |"
    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(r) for r in rows])


def cmd_summary(args):
    scenarios = [ln.rstrip("\n").split("\t", 1) for ln in open(args.scenarios) if ln.strip()]
    faults = [summarise_fault(os.path.join(args.work, n), n, w, args.seconds)
              for n, w in scenarios if os.path.isdir(os.path.join(args.work, n))]
    adm = summarise_admission(os.path.join(args.work, "admission"))
    dtmf = summarise_dtmf(os.path.join(args.work, "dtmf"))
    result = {"meta": {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "calls": args.calls,
                       "call_seconds": args.seconds, "build": args.build,
                       "load_avg_1m": os.getloadavg()[0], "contract_ms": CONTRACT_MS},
              "faults": faults, "admission": adm, "dtmf_rss": dtmf}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")

    rows = [[r["kind"], r["fault"], f'{r["calls_ok"]}/{r["calls"]}', fmt(r["longest_silence_ms"]),
             fmt(r["first_audio_ms_max"]), fmt(r["unheard_ms_max"]), r["within_3s"],
             counter_text(r["end_reasons"]), counter_text(r["ai_leg_failures"], 44),
             f'{r["reconnected"]}/{r["reconnect_attempts"]}/{r["fallbacks"]}']
            for r in faults]
    if rows:
        print(f"AI-leg faults: {args.calls} calls of {args.seconds:g} s each per row "
              f"(silences in ms, max over the calls)\n")
        print(table(rows, ["kind", "fault", "ok", "longest gap", "first audio", "unheard",
                           "<=3 s", "end reason", "ai_leg_fatal (voxgate record)",
                           "reconn/redials/fallbk"]))
        print("\nlongest gap: callsim longest_silence_ms; first audio: stream start to first "
              "audio heard (no audio: the whole call);\nunheard: call length after the first "
              "audio minus the audio heard (bounds silences callsim does not count);\n"
              f"<=3 s: ? = over 3 s (+{JITTER_MS:g} ms jitter) unheard in all, not shown to be one stretch; "
              "reconn/redials/fallbk: summed over the calls' records")
    if adm:
        print(f"\nAdmission: {adm['sockets']} media WebSockets that never send start "
              f"(each sends connected + media + dtmf), held {adm['held_s']:g} s; "
              f"start deadline {fmt(adm['start_deadline_ms'])} ms")
        ca = adm["closed_after_ms"] or {}
        print(table([[adm["upgraded"], adm["closed_by_voxgate"], adm["still_open_at_end"],
                      counter_text(adm["close_codes"]),
                      f'{fmt(ca.get("min"))}-{fmt(ca.get("max"))}',
                      fmt(adm["fakeai_sessions_opened"]),
                      fmt(adm["voxgate_streams_refused_start_deadline"]),
                      fmt(adm["voxgate_rejected_before_start"])]],
                    ["upgraded", "closed by voxgate", "still open", "close code",
                     "closed after ms (min-max)", "AI sessions opened (fakeai)",
                     "refused start_deadline", "msgs rejected before start"]))
    if dtmf:
        print(f"\nDTMF flood: one call sending {fmt(dtmf['dtmf_sent'])} dtmf messages "
              f"(voxgate VmRSS, KiB; trimmed = after voxgate's post-call malloc_trim)")
        print(table([[fmt(dtmf["idle_kib"]), fmt(dtmf["after_warmup_call_trimmed_kib"]),
                      fmt(dtmf["peak_during_dtmf_call_kib"]),
                      fmt(dtmf["after_dtmf_call_kib"]), fmt(dtmf["after_dtmf_call_trimmed_kib"]),
                      fmt(dtmf["growth_after_trim_kib"]), fmt(dtmf["growth_at_peak_kib"]),
                      "yes" if dtmf["call_ok"] else "NO", fmt(dtmf["end_reason"]),
                      f'{dtmf["record_events_kept"]}/{fmt(dtmf["record_entries_dropped"])}',
                      f'{fmt(dtmf["ai_items_created"])}/{fmt(dtmf["ai_responses_created"])}']],
                    ["idle", "after warm-up call", "peak in dtmf call", "after dtmf call",
                     "after, trimmed", "growth (trimmed)", "growth at peak", "call ok",
                     "end reason", "record events kept/dropped", "AI items/responses"]))
    print(f"\nwritten: {args.out}")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("records")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--token", required=True)
    r.add_argument("--callsim", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--timeout", type=float, default=20.0)
    a = sub.add_parser("admission")
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--path", default="/media")
    a.add_argument("--sockets", type=int, default=50)
    a.add_argument("--hold", type=float, required=True, help="seconds to keep the sockets")
    a.add_argument("--out", required=True)
    w = sub.add_parser("rss-watch")
    w.add_argument("--pid", type=int, required=True)
    w.add_argument("--out", required=True)
    s = sub.add_parser("summary")
    s.add_argument("--work", required=True)
    s.add_argument("--scenarios", required=True, help="file: NAME<TAB>description per line")
    s.add_argument("--calls", type=int, required=True)
    s.add_argument("--seconds", type=float, required=True)
    s.add_argument("--build", required=True)
    s.add_argument("--out", required=True)
    args = p.parse_args()
    {"records": cmd_records, "admission": cmd_admission, "rss-watch": cmd_rss_watch,
     "summary": cmd_summary}[args.cmd](args)


if __name__ == "__main__":
    main()
