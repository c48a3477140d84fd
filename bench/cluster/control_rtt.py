#!/usr/bin/env python3
"""Control round trip: POST /api/calls/ID/say, local vs forwarded (bench/cluster/run.sh).

Sends --requests say commands per path, alternating the local instance (the
one holding the calls) and the forwarding one, over one keep-alive HTTP
connection per path, spread over the calls given; prints p50/p99/max in ms
per path and fails if any answer is not 202. Python 3 stdlib only.
"""

import argparse
import http.client
import json
import sys
import time


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--token", required=True)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--local", required=True, help="HOST:PORT of the instance holding the calls")
    ap.add_argument("--forwarded", required=True, help="HOST:PORT of another instance")
    ap.add_argument("sids", nargs="+")
    args = ap.parse_args()
    paths = {"local": args.local, "forwarded": args.forwarded}
    conns = {k: http.client.HTTPConnection(*v.split(":")) for k, v in paths.items()}
    times = {k: [] for k in paths}
    body = json.dumps({"text": "One moment please."})
    headers = {"Authorization": "Bearer " + args.token, "Content-Type": "application/json"}
    for i in range(args.requests):
        for k, conn in conns.items():
            sid = args.sids[i % len(args.sids)]
            t0 = time.perf_counter()
            conn.request("POST", f"/api/calls/{sid}/say", body, headers)
            resp = conn.getresponse()
            text = resp.read()
            times[k].append((time.perf_counter() - t0) * 1000)
            if resp.status != 202:
                sys.exit(f"{k} say on {sid}: {resp.status} {text[:200]!r}")
    print(f"{'path':<10} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for k, xs in times.items():
        print(f"{k:<10} {len(xs):>5} {pct(xs, .5):>8.2f} {pct(xs, .99):>8.2f} {max(xs):>8.2f}")


if __name__ == "__main__":
    main()
