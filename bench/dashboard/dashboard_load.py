#!/usr/bin/env python3
"""Dashboard load check: N live calls (callsim -> voxgate -> fakeai, as the
load bench runs them: bench/load/load.py's pieces and bench.toml) once without
and once with the live page open in headless chromium (viewer.mjs). Reports
voxgate's CPU ms per call-second over the steady phase for both, the live
push's messages per second, and the page's responsiveness (animation-frame
delay, click to a call's page shown). The machine's load average is printed
beside the figures: on a shared machine they move with it.
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "load"))
from load import cpu_ms, free_port, wait_port  # noqa: E402  (the load bench's pieces)


def start_stack(args, token, logs):
    fport, vport = free_port(), free_port()
    b = os.path.join(ROOT, args.build_dir)
    fakeai = subprocess.Popen(
        [os.path.join(b, "fakeai"), "--listen", f"127.0.0.1:{fport}", "--script",
         os.path.join(ROOT, "bench", "load", "bench.toml")], stdout=logs, stderr=subprocess.STDOUT)
    voxgate = subprocess.Popen(
        [os.path.join(b, "voxgate"), "serve", "--agent", "url", "--port", str(vport),
         "--set", f"ai.url=ws://127.0.0.1:{fport}/v1/realtime", "--set", "store.db=",
         "--set", "call.greeting=Greet the caller.", "--set", "call.greeting_interruptible=true",
         "--log-level", "warn"], stdout=logs, stderr=subprocess.STDOUT,
        env={**os.environ, "VOXGATE_API_TOKEN": token})
    wait_port(fport, fakeai)
    wait_port(vport, voxgate)
    return fakeai, voxgate, vport


def run(args, with_page):
    token = secrets.token_hex(16)
    logs = open(os.path.join(args.workdir, f"stack_{int(with_page)}.log"), "w")
    procs = []
    try:
        fakeai, voxgate, vport = start_stack(args, token, logs)
        procs += [fakeai, voxgate]
        steady_from = args.calls / args.ramp + 2.0
        steady = args.seconds - steady_from - 1.0
        viewer = None
        if with_page:
            viewer = subprocess.Popen(
                ["node", os.path.join(HERE, "viewer.mjs"), f"http://127.0.0.1:{vport}", token,
                 str(steady)], stdout=subprocess.PIPE, stderr=logs, text=True)
            procs.append(viewer)
            if viewer.stdout.readline().strip() != "ready":
                raise RuntimeError("the viewer did not open the live page")
        t0 = time.monotonic()
        callsim = subprocess.Popen(
            [os.path.join(ROOT, args.build_dir, "callsim"), "--url",
             f"ws://127.0.0.1:{vport}/media", "--calls", str(args.calls), "--seconds",
             str(args.seconds), "--ramp-per-sec", str(args.ramp), "--progress", "0"],
            stdout=logs, stderr=subprocess.STDOUT)
        procs.append(callsim)
        time.sleep(max(0.0, t0 + steady_from - time.monotonic()))
        c0, t_first, load0 = cpu_ms(voxgate.pid)[0], time.monotonic(), os.getloadavg()[0]
        time.sleep(max(0.1, t0 + steady_from + steady - time.monotonic()))
        c1, t_last, load1 = cpu_ms(voxgate.pid)[0], time.monotonic(), os.getloadavg()[0]
        page = json.loads(viewer.stdout.readline()) if viewer else None
        callsim.wait(timeout=args.seconds + 60)
        return {"with_page": with_page, "calls": args.calls, "steady_s": round(t_last - t_first, 1),
                "cpu_ms_per_call_s": (c1 - c0) / (args.calls * (t_last - t_first)),
                "load_avg_1m": [load0, load1], "page": page}
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        logs.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=30, help="each call's length")
    ap.add_argument("--ramp", type=float, default=200, help="calls opened per second")
    ap.add_argument("--build-dir", default="build/release")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    args.workdir = os.path.join(ROOT, args.build_dir, "bench-dashboard")
    os.makedirs(args.workdir, exist_ok=True)
    rows = [run(args, False), run(args, True)]
    off, on = rows
    print(f"{'':14} {'CPU ms/call-s':>14} {'load avg 1m':>14}")
    for r in rows:
        print(f"{'with page' if r['with_page'] else 'without page':14} "
              f"{r['cpu_ms_per_call_s']:14.3f} {r['load_avg_1m'][0]:6.2f}-{r['load_avg_1m'][1]:.2f}")
    print(f"with/without: {on['cpu_ms_per_call_s'] / off['cpu_ms_per_call_s']:.3f}")
    print("page:", json.dumps(on["page"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
