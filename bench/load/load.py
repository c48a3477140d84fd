#!/usr/bin/env python3
"""voxgate load bench: callsim -> voxgate -> fakeai on one machine (bench/README.md).

For each N in --calls it starts fakeai (bench/load/bench.toml, stamped audio) and
voxgate (`serve --agent url`), drives N concurrent calls with callsim
--latency-probe, samples /proc/PID/stat and /proc/PID/status of the three
processes at the start and end of the steady phase (all N calls up), reads
voxgate's /metrics, and prints one table row per N. Python 3 stdlib only.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TICKS = os.sysconf("SC_CLK_TCK")

# The targets of the issue, checked per row.
TARGETS = {"a2c_p99_ms": 5.0, "cpu_ms_per_call_s": 0.3, "rss_kib_per_call": 150.0,
           "barge_p99_ms": 1.0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} not listening after {timeout} s")


def cpu_ms(pid):
    """utime + stime of the process (all threads), and stime alone, in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / TICKS, int(fields[12]) * 1000.0 / TICKS


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        m = re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M)
    return int(m.group(1)) if m else 0


def sample(procs):
    return {name: (*cpu_ms(p.pid), rss_kib(p.pid)) for name, p in procs.items()}


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _, value = line.rpartition(" ")
        try:
            out[key] = float(value)
        except ValueError:
            pass
    return out


def labelled(metrics, name):
    """{label value: value} for a counter with one label, e.g. reason."""
    res = {}
    for k, v in metrics.items():
        m = re.match(re.escape(name) + r'\{\w+="([^"]*)"\}$', k)
        if m:
            res[m.group(1)] = v
    return res


def histogram_quantile(metrics, name, q):
    """Upper bound of the bucket holding quantile q (Prometheus style), in ms."""
    buckets = []
    for k, v in metrics.items():
        m = re.match(re.escape(name) + r'_bucket\{le="([^"]+)"\}$', k)
        if m:
            buckets.append((float("inf") if m.group(1) == "+Inf" else float(m.group(1)), v))
    buckets.sort()
    if not buckets or buckets[-1][1] == 0:
        return None
    total = buckets[-1][1]
    for le, count in buckets:
        if count >= q * total:
            return le * 1000.0
    return None


def run_one(args, n, workdir):
    fport, vport = free_port(), free_port()
    bin_dir = os.path.join(ROOT, args.build_dir)
    # A shared machine: --nice -5 keeps other jobs from starving the three processes.
    nice = ["nice", "-n", str(args.nice)] if args.nice else []
    # --pin: voxgate alone on CPU 1 with one I/O thread, the tools on CPU 0,
    # so voxgate's CPU is its own and not the tools' queueing.
    tools = nice + (["taskset", "-c", "0"] if args.pin else [])
    vg_prefix = nice + (["taskset", "-c", "1"] if args.pin else [])
    vg_pin_args = ["--set", "server.threads=1"] if args.pin else []
    fstats = os.path.join(workdir, f"fakeai_{n}.json")
    cjson = os.path.join(workdir, f"callsim_{n}.json")
    logs = {name: open(os.path.join(workdir, f"{name}_{n}.log"), "w")
            for name in ("fakeai", "voxgate", "callsim")}
    script = os.path.join(HERE, "bench.toml")
    ai_path, ai_args = "/v1/realtime", []
    if args.protocol == "live":
        # The same script spoken as GPT-Live: the model yields by itself, so
        # there is no clear on caller speech (BEHAVIOUR 3 "Model-managed").
        script = os.path.join(workdir, "bench_live.toml")
        with open(os.path.join(HERE, "bench.toml")) as src, open(script, "w") as dst:
            dst.write('protocol = "live"\n' + src.read())
        ai_path, ai_args = "/v1/live/sessions", ["--set", "ai.protocol=live"]
    fakeai = subprocess.Popen(
        tools + [os.path.join(bin_dir, "fakeai"), "--listen", f"127.0.0.1:{fport}", "--script",
         script, "--threads", str(args.fakeai_threads),
         "--stats-json", fstats], stdout=logs["fakeai"], stderr=subprocess.STDOUT)
    voxgate = subprocess.Popen(
        vg_prefix + [args.voxgate_bin or os.path.join(bin_dir, "voxgate"), "serve", "--agent", "url",
         "--set", f"ai.url=ws://127.0.0.1:{fport}{ai_path}", "--port", str(vport),
         "--set", "store.db=", "--set", "call.greeting=Greet the caller.",
         "--set", "call.greeting_interruptible=true", "--log-level", "warn"]
        + ai_args + vg_pin_args + args.voxgate_arg, stdout=logs["voxgate"], stderr=subprocess.STDOUT)
    procs = {"fakeai": fakeai, "voxgate": voxgate}
    try:
        wait_port(fport, fakeai)
        wait_port(vport, voxgate)
        time.sleep(0.5)
        idle = sample(procs)
        t0 = time.monotonic()
        callsim = subprocess.Popen(
            tools + [os.path.join(bin_dir, "callsim"), "--carrier", args.carrier,
             "--url", f"ws://127.0.0.1:{vport}{media_path(args.carrier)}", "--calls", str(n), "--seconds", str(args.seconds), "--ramp-per-sec",
             str(args.ramp), "--threads", str(args.callsim_threads), "--latency-probe",
             "--progress", "0", "--json", cjson], stdout=logs["callsim"],
            stderr=subprocess.STDOUT)
        procs["callsim"] = callsim
        # Steady phase: every call is up (ramp done + 1 s) until 1 s before the
        # first call sends `stop`.
        steady_from = n / args.ramp + 1.0
        steady_to = args.seconds - 1.0
        time.sleep(max(0.0, t0 + steady_from - time.monotonic()))
        first = sample(procs)
        t_first = time.monotonic()
        load_avg = os.getloadavg()[0]
        sys_out = os.path.join(workdir, f"syscalls_{n}.csv")
        perf = start_syscall_count(args, voxgate.pid, sys_out)
        profiler = start_profile(args, voxgate.pid, n)
        time.sleep(max(0.1, t0 + steady_to - time.monotonic()))
        last = sample(procs)
        t_last = time.monotonic()
        syscalls = stop_syscall_count(perf, sys_out)
        stop_profile(profiler)
        metrics = scrape(vport)
        callsim.wait(timeout=args.seconds + n / args.ramp + 60)
        metrics_end = scrape(vport)
    finally:
        for p in (procs.get("callsim"), fakeai, voxgate):
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in (procs.get("callsim"), fakeai, voxgate):
            if p:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
        for f in logs.values():
            f.close()
    del metrics  # the end-of-run scrape has every counter
    row = summarise(n, args, idle, first, last, t_last - t_first, metrics_end, cjson, fstats)
    row["load_avg_1m"] = load_avg
    row["syscalls_per_call_s"] = {k: v / (n * (t_last - t_first)) for k, v in syscalls.items()}
    return row


SYSCALL_EVENTS = {"all": "raw_syscalls:sys_enter", "sendmsg": "syscalls:sys_enter_sendmsg",
                  "sendto": "syscalls:sys_enter_sendto", "recvfrom": "syscalls:sys_enter_recvfrom",
                  "recvmsg": "syscalls:sys_enter_recvmsg",
                  "epoll_wait": "syscalls:sys_enter_epoll_wait", "futex": "syscalls:sys_enter_futex",
                  "write": "syscalls:sys_enter_write", "read": "syscalls:sys_enter_read",
                  "epoll_ctl": "syscalls:sys_enter_epoll_ctl",
                  "timerfd_settime": "syscalls:sys_enter_timerfd_settime"}


# --allocs: glibc's malloc as a uprobe (a trap per call: CPU figures of such
# a run are inflated; run it apart). Counted as "malloc" beside the syscalls.
MALLOC_PROBE = "probe_libc:malloc"


def add_malloc_probe():
    """Defines the uprobe once per boot (perf probe fails harmlessly if it exists)."""
    libc = subprocess.run(["sh", "-c", "ldconfig -p | awk '/libc.so.6 .*x86-64/ {print $NF; exit}'"],
                          capture_output=True, text=True).stdout.strip() or "libc.so.6"
    subprocess.run(["perf", "probe", "-q", "-x", libc, "-a", "malloc"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    SYSCALL_EVENTS["malloc"] = MALLOC_PROBE


def start_syscall_count(args, pid, out):
    """perf stat on voxgate's syscall tracepoints over the steady phase (--syscalls)."""
    if not args.syscalls:
        return None
    events = ",".join(SYSCALL_EVENTS.values())
    return subprocess.Popen(["perf", "stat", "-x,", "-e", events, "-p", str(pid), "-o", out],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_profile(args, pid, n):
    """perf record of voxgate over the steady phase (--profile DIR): DIR/perf_N.data."""
    if not args.profile:
        return None
    os.makedirs(args.profile, exist_ok=True)
    out = os.path.join(args.profile, f"perf_{n}.data")
    return subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-g", "-p", str(pid),
                             "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profile(profiler):
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)
        profiler.wait(timeout=30)


def stop_syscall_count(perf, out):
    if perf is None:
        return {}
    perf.send_signal(signal.SIGINT)
    perf.wait(timeout=10)
    counts = {}
    names = {v: k for k, v in SYSCALL_EVENTS.items()}
    with open(out) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) > 2 and parts[2] in names and parts[0].isdigit():
                counts[names[parts[2]]] = int(parts[0])
    return counts


def summarise(n, args, idle, first, last, dt, metrics, cjson, fstats):
    call_s = n * dt
    row = {"calls": n, "steady_s": round(dt, 2)}
    for name in ("voxgate", "callsim", "fakeai"):
        cpu = last[name][0] - first[name][0]
        row[f"{name}_cpu_ms_per_call_s"] = cpu / call_s
        row[f"{name}_cpu_cores"] = cpu / 1000.0 / dt
    # stime: the kernel's share (TCP send/receive, epoll), which no user-space
    # change below the message count can shrink.
    row["voxgate_sys_ms_per_call_s"] = (last["voxgate"][1] - first["voxgate"][1]) / call_s
    row["cpu_ms_per_call_s"] = row["voxgate_cpu_ms_per_call_s"]
    row["rss_kib_per_call"] = (last["voxgate"][2] - idle["voxgate"][2]) / n
    row["voxgate_rss_idle_kib"] = idle["voxgate"][2]
    row["voxgate_rss_kib"] = last["voxgate"][2]
    with open(cjson) as f:
        totals = json.load(f)["totals"]
    with open(fstats) as f:
        fk = json.load(f)
    row["a2c_ms"] = totals["latency_ms"]
    row["c2a_ms"] = fk["append_latency_ms"]
    row["barge_ms"] = totals["barge_in_ms"]
    row["barge_p99_ms"] = totals["barge_in_ms"]["p99"]
    row["a2c_p99_ms"] = totals["latency_ms"]["p99"]
    row["barge_voxgate_hist_ms"] = {
        "p50_le": histogram_quantile(metrics, "voxgate_barge_in_latency_seconds", 0.5),
        "p99_le": histogram_quantile(metrics, "voxgate_barge_in_latency_seconds", 0.99)}
    # GPT-Live (model-managed turns): caller speech onset to AI output quiet,
    # and how far the carrier's playout runs ahead when a chunk is sent.
    for key, name in (("barge_model_managed_hist_ms", "voxgate_barge_in_model_managed_seconds"),
                      ("playout_ahead_hist_ms", "voxgate_playout_ahead_seconds")):
        row[key] = {"p50_le": histogram_quantile(metrics, name, 0.5),
                    "p99_le": histogram_quantile(metrics, name, 0.99),
                    "count": metrics.get(name + "_count", 0)}
    dropped = labelled(metrics, "voxgate_frames_dropped_total")
    row["dropped"] = dropped
    row["heard_cancelled"] = totals["heard_cancelled"]
    row["clears"] = totals["clears"]
    row["calls_failed"] = totals["calls_failed"]
    row["protocol_errors"] = totals["protocol_errors"]
    row["callsim_max_send_lag_ms"] = totals["max_send_lag_ms"]
    row["ai_errors"] = labelled(metrics, "voxgate_ai_errors_total")
    row["calls_ended"] = labelled(metrics, "voxgate_calls_total")
    row["fakeai_errors_sent"] = fk["errors_sent"]
    row["fakeai_late_deltas_sent"] = fk["late_deltas_sent"]
    row["fakeai_connections"] = fk["connections"]
    # "Zero drops" means none lost to load: overflow/late. Cancelled-response
    # drops are voxgate doing its job (the late deltas of bench.toml).
    lost = sum(v for k, v in dropped.items() if k not in ("cancelled",))
    row["lost_frames"] = lost
    row["holds"] = (row["a2c_p99_ms"] <= TARGETS["a2c_p99_ms"] and lost == 0
                    and row["cpu_ms_per_call_s"] <= TARGETS["cpu_ms_per_call_s"]
                    and row["rss_kib_per_call"] <= TARGETS["rss_kib_per_call"]
                    and row["barge_p99_ms"] <= TARGETS["barge_p99_ms"]
                    and row["heard_cancelled"] == 0 and row["calls_failed"] == 0)
    return row


FLOOR_LINE = re.compile(r"relay CPU per call-second: ([0-9.]+) ms \(user ([0-9.]+), sys ([0-9.]+)\)")


def add_floor(row, args, n):
    """bench_floor at n calls for as long as voxgate's steady phase, right after it,
    so both figures come from the same minutes of a machine that drifts."""
    cmd = [os.path.join(ROOT, args.build_dir, "bench_floor"), "--calls", str(n),
           "--seconds", str(max(5, round(row["steady_s"])))]
    if not args.pin:
        cmd.append("--no-pin")
    print(f"-- bench_floor at {n} calls", file=sys.stderr)
    done = subprocess.run(cmd, capture_output=True, text=True)
    m = FLOOR_LINE.search(done.stdout)
    if done.returncode != 0 or not m:
        sys.exit(f"bench_floor failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    row["floor_ms_per_call_s"] = float(m.group(1))
    row["floor_sys_ms_per_call_s"] = float(m.group(3))
    row["vg_over_floor"] = row["cpu_ms_per_call_s"] / row["floor_ms_per_call_s"]


def print_table(rows):
    head = ("calls", "vg ms/call-s (sys)", "KiB/call", "a2c p50/p99/max ms", "c2a p50/p99/max ms",
            "barge p50/p99 ms", "drops lost/cancelled", "heard-cxl", "errors",
            "callsim/fakeai cores", "vg cores", "vg syscalls/call-s all/send", "load", "holds")
    print(" | ".join(head))
    for r in rows:
        a, c, b = r["a2c_ms"], r["c2a_ms"], r["barge_ms"]
        errs = r["calls_failed"] + r["protocol_errors"] + int(sum(r["ai_errors"].values()))
        print(" | ".join([
            str(r["calls"]),
            f'{r["cpu_ms_per_call_s"]:.3f} ({r["voxgate_sys_ms_per_call_s"]:.2f})',
            f'{r["rss_kib_per_call"]:.0f}',
            f'{a["p50"]:.2f}/{a["p99"]:.2f}/{a["max"]:.1f}',
            f'{c["p50"]:.2f}/{c["p99"]:.2f}/{c["max"]:.1f}',
            f'{b["p50"]:.2f}/{b["p99"]:.2f}',
            f'{r["lost_frames"]:.0f}/{r["dropped"].get("cancelled", 0):.0f}',
            str(r["heard_cancelled"]), str(errs),
            f'{r["callsim_cpu_cores"]:.2f}/{r["fakeai_cpu_cores"]:.2f}',
            f'{r["voxgate_cpu_cores"]:.2f}', syscall_cell(r), f'{r["load_avg_1m"]:.1f}',
            "yes" if r["holds"] else "no"]))
    for r in rows:
        if "floor_ms_per_call_s" in r:
            print(f'{r["calls"]} calls: bench_floor {r["floor_ms_per_call_s"]:.3f} ms/call-s '
                  f'(sys {r["floor_sys_ms_per_call_s"]:.2f}); voxgate x{r["vg_over_floor"]:.2f} of it')
    for r in rows:
        sc = r.get("syscalls_per_call_s") or {}
        if "malloc" in sc:
            print(f'{r["calls"]} calls: voxgate malloc calls per call-second {sc["malloc"]:.0f} '
                  f'(CPU figures of this run include the uprobe)')
    for r in rows:
        m, p = r["barge_model_managed_hist_ms"], r["playout_ahead_hist_ms"]
        if m["count"] or p["count"]:
            print(f'{r["calls"]} calls, model-managed: barge-in (onset to AI quiet) p50/p99 <= '
                  f'{m["p50_le"]}/{m["p99_le"]} ms ({m["count"]:.0f}); playout ahead p50/p99 <= '
                  f'{p["p50_le"]}/{p["p99_le"]} ms ({p["count"]:.0f} chunks)')


def syscall_cell(row):
    sc = row.get("syscalls_per_call_s") or {}
    if "all" not in sc:
        return "-"
    return f'{sc["all"]:.0f}/{sc.get("sendmsg", 0) + sc.get("sendto", 0):.0f}'


def media_path(carrier):
    """Where voxgate serves the carrier's media stream (README "Other carriers")."""
    return "/media" if carrier == "twilio" else "/media/" + carrier


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", default="100,500,1000", help="comma-separated N to sweep")
    ap.add_argument("--seconds", type=float, default=20, help="each call's length")
    ap.add_argument("--ramp", type=float, default=200, help="calls opened per second")
    ap.add_argument("--json", help="write every figure here")
    ap.add_argument("--build-dir", default="build/release")
    ap.add_argument("--callsim-threads", type=int, default=1)
    ap.add_argument("--fakeai-threads", type=int, default=1)
    ap.add_argument("--nice", type=int, default=0,
                    help="run the three processes at this niceness (negative needs root)")
    ap.add_argument("--keep", action="store_true", help="keep the logs and tool JSON")
    ap.add_argument("--syscalls", action="store_true",
                    help="count voxgate's system calls in the steady phase (perf stat tracepoints)")
    ap.add_argument("--allocs", action="store_true",
                    help="also count voxgate's malloc calls (a uprobe; implies --syscalls; "
                         "slows voxgate, so its CPU figures are not comparable)")
    ap.add_argument("--pin", action="store_true",
                    help="voxgate on CPU 1 with server.threads=1, callsim and fakeai on CPU 0")
    ap.add_argument("--profile", metavar="DIR",
                    help="perf record voxgate over the steady phase into DIR/perf_N.data")
    ap.add_argument("--carrier", default="twilio",
                    choices=["twilio", "signalwire", "telnyx", "plivo", "exotel", "vonage"],
                    help="the media-stream dialect callsim speaks")
    ap.add_argument("--protocol", default="realtime", choices=["realtime", "live"],
                    help="the AI protocol voxgate speaks to fakeai (bench.toml either way)")
    ap.add_argument("--floor", action="store_true",
                    help="after each N, run bench_floor (the kernel's floor for this traffic, "
                         "bench/README.md) at N calls and report voxgate's CPU as a multiple of it")
    ap.add_argument("--voxgate-bin", help="voxgate binary to run (default: the build dir's)")
    ap.add_argument("--voxgate-arg", action="append", default=[],
                    help="extra argument for voxgate serve (repeatable)")
    args = ap.parse_args()
    if args.allocs:
        args.syscalls = True
        add_malloc_probe()
    ns = [int(x) for x in args.calls.split(",") if x]
    for n in ns:
        if args.seconds < n / args.ramp + 4:
            sys.exit(f"--seconds {args.seconds} leaves no steady phase for {n} calls at "
                     f"--ramp {args.ramp}/s: want >= {n / args.ramp + 4:.0f}")
    workdir = tempfile.mkdtemp(prefix="voxgate-load-")
    rows = []
    for n in ns:
        print(f"-- {n} calls, {args.seconds:g} s (logs in {workdir})", file=sys.stderr)
        rows.append(run_one(args, n, workdir))
        if args.floor:
            add_floor(rows[-1], args, n)
        if args.json:  # written after each N, so a long sweep keeps what it has
            with open(args.json, "w") as f:
                json.dump({"targets": TARGETS, "carrier": args.carrier, "rows": rows}, f, indent=1)
    print_table(rows)
    if not args.keep:
        for name in os.listdir(workdir):
            os.remove(os.path.join(workdir, name))
        os.rmdir(workdir)


if __name__ == "__main__":
    main()
