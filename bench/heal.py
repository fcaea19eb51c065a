#!/usr/bin/env python3
"""Healing on the production path: kill -9 of nodes in a pool of 20 local nodes, each healed by Baton as deployed.

Baton (the built jar, the shipped rules) runs a local pool of 20 node processes (min 20). The harness kills one
running node at a time with kill -9 and times it to its replacement's RUNNING: the local actuator sees the
process end and publishes FAILED, the engine's rule "A node that crashed is replaced" fires, the guardrails let
it through, the actuator starts a new node process, and it is RUNNING once its /health answers. The times of
FAILED, REQUESTED and RUNNING come from Baton's lifecycle records in InfluxDB (same machine, same clock).
Usage: bench/heal.sh [--kills N] [--nodes N] [--keep]
"""
import argparse
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from race_peers import OPS, ROOT, Procs, free_port, http, log, start_influx, wait_up  # noqa: E402

AUTH = {"Authorization": "Bearer " + OPS}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def start_baton(procs, influx, nodes):
    work = os.path.join(procs.work, "baton")
    rules = os.path.join(work, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    port, ports = free_port(), 20000 + random.randrange(0, 400) * 100
    args = ["java", "-Xmx1g", "-XX:+UseParallelGC", "-jar", os.path.join(ROOT, "app", "target", "baton.jar"),
            f"--server.port={port}", "--server.address=127.0.0.1", "--spring.datasource.url=jdbc:h2:mem:heal;DB_CLOSE_DELAY=-1",
            f"--baton.rules.dir={rules}", f"--baton.local.data-dir={work}/data",
            f"--baton.influx.url={influx}", "--baton.influx.database=race", f"--baton.influx.spool-dir={work}/spool",
            "--baton.reports.enabled=false", f"--baton.security.ops-token={OPS}",
            "--baton.customers.heal.token=heal-customer-token-0001", f"--baton.customers.heal.quota={nodes * 3}",
            "--baton.pools.heal.customer=heal", f"--baton.pools.heal.min={nodes}", f"--baton.pools.heal.max={nodes * 2}",
            "--baton.pools.heal.actuator=local", f"--baton.pools.heal.local.port-start={ports}",
            f"--baton.pools.heal.local.port-count={nodes * 3}", "--baton.pools.heal.local.start-timeout=30s"]
    p = procs.start("baton", args)
    base = f"http://127.0.0.1:{port}"
    wait_up(base + "/actuator/health", "Baton", p, timeout=180)
    return base


def running(base):
    status, body = http("GET", base + "/api/pools/heal", headers=AUTH)
    if status != 200:
        return {}
    return {n["id"]: n for n in json.loads(body).get("members", []) if n.get("state") == "RUNNING"}


def lifecycle(influx, node):
    """node -> {state: first time, epoch seconds} from Baton's records."""
    q = f"SELECT state FROM node_lifecycle WHERE node='{node}'"
    status, body = http("GET", influx + "/query?" + urllib.parse.urlencode({"db": "race_records", "epoch": "ms", "q": q}))
    series = json.loads(body)["results"][0].get("series", []) if status == 200 else []
    out = {}
    for t, state in (series[0]["values"] if series else []):
        out.setdefault(state, t / 1000.0)
    return out


def leftover(work):
    """The pids of processes whose command line names this run's work dir (its node processes)."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open(f"/proc/{d}/cmdline", "rb") as f:
                if work.encode() in f.read():
                    out.append(int(d))
        except OSError:
            pass
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--nodes", type=int, default=20)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="baton-heal.")
    procs = Procs(work)
    ok = False
    log(f"heal: work dir {work}, load {loadavg()}")
    try:
        influx = start_influx(procs)
        base = start_baton(procs, influx, a.nodes)
        deadline = time.time() + 180
        while len(running(base)) < a.nodes:
            if time.time() > deadline:
                sys.exit(f"heal: the pool has {len(running(base))} of {a.nodes} nodes RUNNING after 180 s")
            time.sleep(0.5)
        log(f"heal: {a.nodes} nodes RUNNING, load {loadavg()}")
        time.sleep(10)  # a scrape and probe round over every node
        rows = []
        for k in range(1, a.kills + 1):
            before = running(base)
            victim = random.choice(sorted(before))
            pid = int(before[victim]["pid"])
            killed = time.time()
            os.kill(pid, signal.SIGKILL)
            new = None
            limit = killed + 60
            while new is None and time.time() < limit:
                now = running(base)
                fresh = [n for n in now if n not in before]
                new = fresh[0] if fresh else None
                time.sleep(0.02)
            if new is None:
                print(f"  kill {k}: {victim} (pid {pid}): no replacement RUNNING within 60 s: FAIL")
                continue
            rows.append((k, victim, pid, killed, new))
            log(f"  kill {k}: {victim} (pid {pid}) replaced by {new}, load {loadavg()}")
            time.sleep(2)
        time.sleep(2.5)  # the records' sink flushes every second
        healed = []
        for k, victim, pid, killed, new in rows:
            old, rep = lifecycle(influx, victim), lifecycle(influx, new)
            if "RUNNING" not in rep or "FAILED" not in old or "REQUESTED" not in rep:
                print(f"  kill {k}: lifecycle records incomplete: {victim} {old}, {new} {rep}")
                continue
            total = rep["RUNNING"] - killed
            healed.append(total)
            print(f"  kill {k}: {victim} -> {new}: FAILED +{(old['FAILED'] - killed) * 1000:.0f} ms, replacement "
                  f"REQUESTED +{(rep['REQUESTED'] - killed) * 1000:.0f} ms, RUNNING +{total * 1000:.0f} ms after kill -9")
        if healed:
            med = statistics.median(healed)
            print(f"RESULT heal ({len(healed)} of {a.kills} kills, pool of {a.nodes}): kill -9 to the replacement's "
                  f"RUNNING median {med * 1000:.0f} ms, max {max(healed) * 1000:.0f} ms, min {min(healed) * 1000:.0f} ms "
                  f"(target median <= 1 s: {'PASS' if med <= 1 else 'FAIL'}), load {loadavg()}")
        ok = len(healed) == a.kills
    finally:
        procs.stop_all()
        left = leftover(work)
        for pid in left:  # node processes of this run that outlived Baton (it stops them at shutdown)
            os.kill(pid, signal.SIGKILL)
        if left:
            print(f"heal: {len(left)} node process(es) outlived Baton and were killed: {left}")
        if a.keep or not ok:
            print(f"heal: logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
