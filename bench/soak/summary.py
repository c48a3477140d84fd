#!/usr/bin/env python3
"""Soak summary (bench/soak/run.sh): per metric, the first-minute and
last-minute means of the live phase and whether it is flat; plus the call
totals from callsim's JSON reports and voxgate's /metrics. Stdlib only."""
import glob
import json
import os
import sys

# Flat: the last-minute mean within this fraction of the first-minute mean.
# The verdict uses the per-call figures and the release of every descriptor
# once the calls are over.
TOLERANCE = {"rss_kib": 0.10, "fds": 0.10, "active_calls": 0.10, "fds_per_call": 0.10,
             "kib_per_call": 0.10}


def main(csv_path, out_dir):
    rows, end, idle = [], None, None
    with open(csv_path) as f:
        header = f.readline().strip().split(",")
        for line in f:
            vals = line.strip().split(",")
            rec = dict(zip(header, vals))
            if rec["t_s"] == "end":
                end = rec
                continue
            if rec["t_s"] == "idle":  # --idle-seconds after the end
                idle = rec
                continue
            row = {k: float(v or 0) for k, v in rec.items()}
            # Per live call: the load itself moves as batches are redialled.
            row["fds_per_call"] = row["fds"] / row["active_calls"] if row["active_calls"] else 0
            row["kib_per_call"] = row["rss_kib"] / row["active_calls"] if row["active_calls"] else 0
            rows.append(row)
    live = [r for r in rows if r["t_s"] >= 60]  # after the first minute of ramp-up
    if len(live) < 2:
        print("too few samples for a summary")
        return 1
    last_t = live[-1]["t_s"]
    first = [r for r in live if r["t_s"] < 120]
    last = [r for r in live if r["t_s"] > last_t - 60]
    ok = True
    print(f"samples: {len(rows)} over {last_t:.0f} s (steady phase from 60 s)")
    for key, tol in TOLERANCE.items():
        a = sum(r[key] for r in first) / len(first)
        b = sum(r[key] for r in last) / len(last)
        lo, hi = min(r[key] for r in live), max(r[key] for r in live)
        flat = abs(b - a) <= tol * max(a, 1.0)
        # The verdict is per live call (the batches make the load itself
        # move by ~10-20%); the absolute figures are shown for reference.
        if key.endswith("_per_call"):
            ok &= flat
        print(f"{key:13s} first-min {a:10.2f}  last-min {b:10.2f}  range {lo:.2f}..{hi:.2f}  "
              f"{'flat' if flat else 'NOT FLAT'}")
    start = rows[0]
    if end:
        print(f"idle before: rss_kib {start['rss_kib']:.0f} fds {start['fds']:.0f}; "
              f"after the calls: rss_kib {end['rss_kib']} fds {end['fds']} "
              f"active_calls {end['active_calls']}")
        released = float(end["fds"]) <= start["fds"] and float(end["active_calls"]) == 0
        print("every call's descriptors released:", "yes" if released else "NO")
    if idle:
        print(f"idle after the calls: rss_kib {idle['rss_kib']} fds {idle['fds']}")
        ok &= released
    calls = ok_calls = failed = perr = 0
    for path in glob.glob(os.path.join(out_dir, "callsim_*.json")):
        try:
            with open(path) as f:
                t = json.load(f)["totals"]
        except (OSError, ValueError, KeyError):
            continue
        calls += t.get("calls", 0)
        ok_calls += t.get("calls_ok", 0)
        failed += t.get("calls_failed", 0)
        perr += t.get("protocol_errors", 0)
    print(f"calls: {calls} (ok {ok_calls}, failed {failed}, protocol errors {perr})")
    metrics = os.path.join(out_dir, "metrics.txt")
    if os.path.exists(metrics):
        with open(metrics) as f:
            for line in f:
                if line.startswith(("voxgate_calls_total", "voxgate_ai_reconnects_total",
                                    "voxgate_fallbacks_total", "voxgate_frames_dropped_total",
                                    "voxgate_ai_errors_total", "voxgate_bad_messages_total", "voxgate_barge_ins_total")):
                    print("  " + line.strip())
    print("verdict:", "flat" if ok else "NOT FLAT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
