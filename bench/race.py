#!/usr/bin/env python3
"""The race: Baton against a tuned Prometheus 2.42 + Alertmanager 0.25, on one machine, from one metric source.

One HTTP target per trial serves `cpu 50`, then from T0 (a random phase of the scrape interval) `cpu 95`.
Prometheus (rule `cpu > 80`, `for: 2m`, Alertmanager `group_wait: 0s`, a webhook) and Baton (the shipped rule
"CPU above 80% for 2 minutes adds 2 nodes", on a command pool whose webhook is this harness) both scrape it.
For each system it records when its webhook arrived after T0 + 120 s, and its reaction: the arrival minus the
moment that system scraped the first sample that made the condition true (its first sample taken at least 120 s
after its first sample above 80), read from that system's own store (Prometheus's TSDB through its query API,
Baton's scraped samples in InfluxDB). One more trial runs at Debian's shipped settings (15 s scrape, 15 s
evaluation, 30 s group_wait; Baton scrapes every 15 s too). Then, Baton only, push-fed: from the POST /write of
the sample that makes the condition true to the arrival of the actuator's webhook call.
Usage: bench/race.sh [--trials N] [--push N] [--no-debian] [--quick] [--seed S] [--keep]
"""
import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from race_peers import (RULE, Harness, Procs, actuator_calls, decisions, http, influx_samples, log, prometheus_samples,  # noqa: E402
                        start_alertmanager, start_baton, start_influx, start_prometheus)


WARM_UP = 20  # push-fed trials run first and left out of the figures (the JVM's warm-up)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def clock(t):
    return time.strftime("%H:%M:%S", time.localtime(t)) + f".{int((t % 1) * 1000):03d}"


def nearest_rank(values, p):
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def figures(samples, t0, arrival):
    """What one system's own samples say: its first high sample, the qualifying one, the reaction."""
    first = next((t for t, v in samples if v > 80 and t >= t0 - 5), None)
    if first is None or arrival is None:
        return None
    qualifying = next((t for t, v in samples if t >= first + 120), None)
    if qualifying is None:
        return None
    after = next((t for t, v in samples if t > qualifying), None)
    return {"first": first, "qualifying": qualifying, "next": after, "arrival": arrival,
            "after_t0_120": arrival - (t0 + 120), "reaction": arrival - qualifying}


def run_trials(h, jobs, scrape_s, eval_s, group_wait_s, label):
    """Flips each job's target in turn and waits for both webhooks; returns [(job, t0, baton arrival, prom arrival)]."""
    out = []
    for n, job in enumerate(jobs, 1):
        t0 = time.time() + 2 + random.uniform(0, scrape_s)
        h.flip[job] = (t0, t0 + 900)
        log(f"{label} trial {n}/{len(jobs)} ({job}): cpu 95 from {clock(t0)}, load {loadavg()}")
        limit = t0 + 120 + 2 * scrape_s + eval_s + group_wait_s + 60
        baton = h.wait_hook("baton", job, limit)
        prom = h.wait_hook("prometheus", job, limit)
        h.flip[job] = (t0, time.time())
        log(f"  webhooks after T0+120 s: baton {fmt_s(baton, t0)}, prometheus {fmt_s(prom, t0)}")
        out.append((job, t0, baton, prom))
    return out


def fmt_s(arrival, t0):
    return "none" if arrival is None else f"{arrival - (t0 + 120):+.3f} s"


def report(rows, baton_base, influx, prom_base, label):
    """Prints each trial's figures from each system's own samples; returns (baton, prometheus) figure lists."""
    time.sleep(2.5)  # Baton's InfluxDB sink flushes every second
    bs, ps = [], []
    for n, (job, t0, b_arr, p_arr) in enumerate(rows, 1):
        b = figures(influx_samples(influx, f"{job}-1", t0 - 30), t0, b_arr)
        p = figures(prometheus_samples(prom_base, job, t0 - 30), t0, p_arr)
        print(f"  {label} trial {n} ({job}), T0 {clock(t0)}")
        for name, f in (("baton", b), ("prometheus", p)):
            if f is None:
                print(f"    {name:<10} no webhook or no samples: FAIL")
                continue
            early = " EARLY" if f["reaction"] < 0 else ""
            print(f"    {name:<10} first high sample {clock(f['first'])}, qualifying sample {clock(f['qualifying'])} "
                  f"(+{f['qualifying'] - f['first']:.3f} s), webhook {f['after_t0_120']:+.3f} s after T0+120 s, "
                  f"reaction {f['reaction'] * 1000:.1f} ms{early}")
        if b:
            calls = [t for t in actuator_calls(influx, job) if t >= b["qualifying"]]
            if calls:
                b["call"] = min(calls) - b["qualifying"]
                print(f"    baton actuator call {b['call'] * 1000:.1f} ms after the qualifying sample")
            ds = [d for d in decisions(baton_base, job) if "CPU above 80%" in str(d.get("rule"))]
            if ds:
                at = ds[-1].get("time")
                print(f"    baton decision journaled at {at}; next sample after the qualifying one: "
                      f"{clock(b['next']) if b['next'] else 'none'}")
            bs.append(b)
        if p:
            ps.append(p)
    return bs, ps


def summarize(bs, ps, label):
    if not bs or not ps:
        print(f"RESULT race {label}: incomplete (baton {len(bs)}, prometheus {len(ps)} trials with figures)")
        return False
    br = statistics.median(f["reaction"] for f in bs)
    pr = statistics.median(f["reaction"] for f in ps)
    ba = statistics.median(f["after_t0_120"] for f in bs)
    pa = statistics.median(f["after_t0_120"] for f in ps)
    print(f"RESULT race {label} ({len(bs)} trials): median reaction baton {br * 1000:.1f} ms, prometheus "
          f"{pr * 1000:.1f} ms, ratio {pr / br:.1f}x; median webhook after T0+120 s: baton {ba:.3f} s, "
          f"prometheus {pa:.3f} s, ratio {pa / ba if ba > 0 else float('inf'):.1f}x")
    print(f"  per trial reaction ms: baton {[round(f['reaction'] * 1000, 1) for f in bs]}, "
          f"prometheus {[round(f['reaction'] * 1000, 1) for f in ps]}")
    return min(f["reaction"] for f in bs) >= 0


def push_trials(h, base, pools):
    """Per pool: 120 s of high readings in one POST (none qualifies yet), then the qualifying one, timed to the
    webhook; returns [(pool, POST sent, POST to webhook, POST to the decision's journal time)], times in seconds."""
    lat = []
    for i, pool in enumerate(pools):
        t = int(time.time() * 1000)
        hist = "\n".join(f"cpu,pool={pool},node={pool}-1 value=95 {t - 120_000 + k * 1000}" for k in range(120))
        s, body = http("POST", base + "/write?precision=ms", hist.encode())
        if s != 204:
            sys.exit(f"race: POST /write answered {s}: {body[:200]!r}")
        time.sleep(0.05)
        line = f"cpu,pool={pool},node={pool}-1 value=95 {t}".encode()
        sent = time.time()
        s, _ = http("POST", base + "/write?precision=ms", line)
        arrival = h.wait_hook("baton", pool, sent + 10)
        if s != 204 or arrival is None:
            print(f"  push trial {i}: POST {s}, webhook {'none' if arrival is None else 'ok'}: FAIL")
            continue
        lat.append((pool, sent, arrival - sent))
    # The journal is read once all trials are done: an entry may reach GET /api/decisions after the webhook.
    return [(pool, sent, hook, journaled(base, pool) - sent) for pool, sent, hook in lat]


def journaled(base, pool):
    """When the rule's first entry for the pool was journaled (its decision time), in seconds; NaN if none."""
    ds = [d for d in decisions(base, pool) if RULE in str(d.get("rule")) and "time" in d]
    return min(d["time"] for d in ds) / 1000.0 if ds else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--push", type=int, default=200)
    ap.add_argument("--no-debian", action="store_true", help="leave out the trial at Debian's shipped settings")
    ap.add_argument("--quick", action="store_true", help="1 tuned trial, 20 push-fed, no Debian trial")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work directory with the logs")
    a = ap.parse_args()
    if a.quick:
        a.trials, a.push, a.no_debian = 1, 20, True
    random.seed(a.seed)
    for tool in ("influxd", "prometheus", "prometheus-alertmanager", "java"):
        if not shutil.which(tool):
            sys.exit(f"race: {tool} is needed (bench/race.sh installs Debian's packages when root)")
    work = tempfile.mkdtemp(prefix="baton-race.")
    procs = Procs(work)
    ok = True
    log(f"race: work dir {work}, load {loadavg()}")
    try:
        h = Harness()
        influx = start_influx(procs)
        jobs = [f"race{i}" for i in range(1, a.trials + 1)]
        am_port, am = start_alertmanager(procs, "am-tuned", h.url("/am"), 0, "1s")
        prom, pp = start_prometheus(procs, "prom-tuned", h.port, jobs, 1, 1, am_port)
        baton, bp = start_baton(procs, "baton-tuned", h.url("/baton"), influx, jobs, 1, a.push + WARM_UP if a.push else 0)
        log(f"tuned: Prometheus, Alertmanager and Baton up, load {loadavg()}")
        if a.push:
            push_trials(h, baton, [f"push{i:03d}" for i in range(a.push, a.push + WARM_UP)])  # JIT warm-up, not counted
            res = push_trials(h, baton, [f"push{i:03d}" for i in range(a.push)])
            if res:
                time.sleep(2.5)  # the records' sink flushes every second
                call = [min(actuator_calls(influx, r[0]), default=float("inf")) - r[1] for r in res]
                lost = sum(1 for c in call if math.isinf(c))
                if lost:  # a lifecycle record that never reached InfluxDB: a failure of Baton's records, not a slow call
                    print(f"  {lost} of {len(res)} push-fed pools have no REQUESTED record in InfluxDB: FAIL")
                    ok = False
                ms = lambda xs, p: f"{nearest_rank(xs, p) * 1000:.1f} ms"  # noqa: E731
                hook = [r[2] for r in res]
                journal = [r[3] for r in res if not math.isnan(r[3])]
                if len(journal) < len(res):
                    print(f"  {len(res) - len(journal)} of {len(res)} push-fed pools have no journal entry of the rule")
                journal = journal or [float("nan")]
                print(f"RESULT push-fed ({len(res)} of {a.push} trials), from the POST /write of the qualifying sample: "
                      f"to the actuator call p50 {ms(call, 50)}, p99 {ms(call, 99)}, max {max(call) * 1000:.1f} ms "
                      f"(target p99 <= 20 ms: {'PASS' if nearest_rank(call, 99) <= 0.020 else 'FAIL'}); to the evaluation "
                      f"that decided it p50 {ms(journal, 50)}, p99 {ms(journal, 99)}; to the webhook's arrival p50 "
                      f"{ms(hook, 50)}, p99 {ms(hook, 99)}, max {max(hook) * 1000:.1f} ms")
            ok &= len(res) == a.push
        if jobs:
            time.sleep(5)  # both have scraped the targets a few times
            rows = run_trials(h, jobs, 1, 1, 0, "tuned")
            bs, ps = report(rows, baton, influx, prom, "tuned")
            ok &= summarize(bs, ps, "tuned (1 s scrape, 1 s evaluation, group_wait 0s)")
            if bs and ps:
                br = [f["reaction"] for f in bs]
                ratio = statistics.median(f["reaction"] for f in ps) / statistics.median(br)
                print(f"  targets: baton reaction p50 {statistics.median(br) * 1000:.1f} ms (<= 20), max "
                      f"{max(br) * 1000:.1f} ms (p99 <= 50), {ratio:.1f}x faster than Prometheus in median (>= 10)")
        for p in (bp, pp, am):
            procs.stop(p)
        if not a.no_debian:
            am_port, am = start_alertmanager(procs, "am-debian", h.url("/am"), 30, "5m")
            prom, pp = start_prometheus(procs, "prom-debian", h.port, ["deb1"], 15, 15, am_port)
            baton, bp = start_baton(procs, "baton-debian", h.url("/baton"), influx, ["deb1"], 15)
            log(f"Debian's settings: up, load {loadavg()}")
            time.sleep(20)
            rows = run_trials(h, ["deb1"], 15, 15, 30, "debian")
            bs, ps = report(rows, baton, influx, prom, "debian")
            ok &= summarize(bs, ps, "at Debian's settings (15 s scrape, 15 s evaluation, group_wait 30s)")
        log(f"race: done, load {loadavg()}")
    finally:
        procs.stop_all()
        if a.keep or not ok:
            print(f"race: logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
