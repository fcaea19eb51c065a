"""The race's parts: the metric target and webhook receiver (in this process), and the peers it starts
(InfluxDB, Baton, Prometheus, Alertmanager) on free loopback ports, each stopped by its pid at the end."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OPS = "race-ops-token-0123456789"
RULE = "CPU above 80% for 2 minutes"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=10):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""


class Harness:
    """The metric target and the webhook receiver, in this process."""

    def __init__(self):
        self.flip = {}      # target -> (from, until): serves 95 in [from, until), else 50
        self.hooks = []     # (arrival, system, key, body)
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        harness = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def parse_request(self):
                # a webhook arrives when its request line has been read: parsing the headers in Python takes
                # a while, and is the receiver's time, not the sender's
                self.arrival = time.time()
                return super().parse_request()

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                now = time.time()
                span = harness.flip.get(name)
                value = 95 if span and span[0] <= now < span[1] else 50
                body = f"# TYPE cpu gauge\ncpu {value}\n".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                arrival = self.arrival
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                try:
                    doc = json.loads(body)
                except ValueError:
                    doc = {}
                if self.path == "/baton":
                    key = doc.get("pool", {}).get("name")
                    system = "baton" if RULE in str(doc.get("decision", {}).get("rule")) else "baton-other"
                else:
                    system = "prometheus"
                    firing = [a for a in doc.get("alerts", []) if a.get("status") == "firing"]
                    key = firing[0]["labels"].get("job") if firing else None
                with harness.cond:
                    harness.hooks.append((arrival, system, key, doc))
                    harness.cond.notify_all()

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_hook(self, system, key, deadline):
        """The arrival of the first webhook of `system` about `key`, or None at the deadline."""
        with self.cond:
            while True:
                for h in self.hooks:
                    if h[1] == system and h[2] == key:
                        return h[0]
                left = deadline - time.time()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 0.5))


class Procs:
    """The processes this harness started, stopped by pid at the end."""

    def __init__(self, work):
        self.work = work
        self.procs = []

    def start(self, name, cmd):
        out = open(os.path.join(self.work, name + ".log"), "ab")
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=self.work, start_new_session=True)
        self.procs.append((name, p))
        return p

    def stop(self, p, wait=60):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(wait)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def stop_all(self):
        for _, p in reversed(self.procs):
            self.stop(p)


def wait_up(url, what, p, timeout=120, ok=(200, 204)):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if p.poll() is not None:
            sys.exit(f"race: {what} exited with {p.returncode} at start (see its log)")
        if http("GET", url, timeout=2)[0] in ok:
            return
        time.sleep(0.1)
    sys.exit(f"race: {what} not up within {timeout} s")


def start_influx(procs):
    """A throwaway InfluxDB 1.x: Baton keeps its samples there, where the race reads their scrape times."""
    d = os.path.join(procs.work, "influx")
    port, rpc = free_port(), free_port()
    p = procs.start("influxd", [os.path.join(ROOT, "bench", "influxd-throwaway.sh"), d, str(port), str(rpc)])
    url = f"http://127.0.0.1:{port}"
    wait_up(url + "/ping", "influxd", p, timeout=30)
    http("POST", url + "/query", urllib.parse.urlencode({"q": "CREATE DATABASE race"}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"})
    return url


def influx_samples(url, node, since):
    """Baton's stored cpu samples of `node` since epoch seconds `since`: [(time s, value)]."""
    q = f"SELECT value FROM cpu WHERE node='{node}' AND time >= {int(since * 1000)}ms"
    status, body = http("GET", url + "/query?" + urllib.parse.urlencode({"db": "race", "epoch": "ms", "q": q}))
    series = json.loads(body)["results"][0].get("series", []) if status == 200 else []
    return [(v[0] / 1000.0, v[1]) for v in series[0]["values"]] if series else []


def actuator_calls(url, pool):
    """When Baton's actuator took the pool's scale-outs: the times of their REQUESTED events, epoch seconds."""
    q = f"SELECT state, decision FROM node_lifecycle WHERE pool='{pool}' AND state='REQUESTED'"
    status, body = http("GET", url + "/query?" + urllib.parse.urlencode({"db": "race_records", "epoch": "ms", "q": q}))
    series = json.loads(body)["results"][0].get("series", []) if status == 200 else []
    return [v[0] / 1000.0 for v in series[0]["values"]] if series else []


def start_baton(procs, name, hook_url, influx, race_pools, scrape_s, push_pools=0):
    """Baton from the built jar, with one command pool per race trial (its node scraped every scrape_s) and
    push_pools more for the push-fed trials; each pool's one node comes from its status command."""
    work = os.path.join(procs.work, name)
    rules = os.path.join(work, "rules")
    shutil.copytree(os.path.join(ROOT, "rules"), rules)
    port = free_port()
    args = ["java", "-Xmx1g", "-XX:+UseParallelGC", "-jar", os.path.join(ROOT, "app", "target", "baton.jar"),
            f"--server.port={port}", "--server.address=127.0.0.1",
            f"--spring.datasource.url=jdbc:h2:mem:{name};DB_CLOSE_DELAY=-1",
            f"--baton.rules.dir={rules}", f"--baton.local.data-dir={work}/data",
            f"--baton.influx.url={influx}", "--baton.influx.database=race", f"--baton.influx.spool-dir={work}/spool",
            "--baton.reports.enabled=false", f"--baton.security.ops-token={OPS}",
            "--baton.reconcile.interval=1h",  # the pools' status commands run once, at start: their nodes are known
            "--baton.customers.race.token=race-customer-token-0001", "--baton.customers.race.quota=100000"]
    args += os.environ.get("RACE_BATON_ARGS", "").split()  # more of Baton's options, e.g. a logging level, to look inside
    pools = [(p, True) for p in race_pools] + [(f"push{i:03d}", False) for i in range(push_pools)]
    for i, (pool, scraped) in enumerate(pools):
        k = f"--baton.pools.{pool}."
        args += [k + "customer=race", k + "min=0", k + "max=1000", k + "actuator=command",
                 k + "command.status=echo \"$BATON_POOL-1 RUNNING\"", k + f"command.webhook-url={hook_url}",
                 k + "command.max-attempts=1"]
    for i, pool in enumerate(race_pools):
        t = f"--baton.scrape.targets[{i}]."
        args += [t + f"url={hook_url.rsplit('/', 1)[0]}/metrics/{pool}", t + f"pool={pool}", t + f"node={pool}-1",
                 t + f"interval={scrape_s}s", t + f"timeout={min(scrape_s, 5)}s"]
    p = procs.start(name, args)
    base = f"http://127.0.0.1:{port}"
    wait_up(base + "/actuator/health", "Baton", p, timeout=180)
    deadline = time.time() + 60
    auth = {"Authorization": "Bearer " + OPS}
    for pool, _ in pools:
        while True:
            status, body = http("GET", f"{base}/api/pools/{pool}", headers=auth)
            if status == 200 and f'"{pool}-1"' in body.decode():
                break
            if time.time() > deadline:
                sys.exit(f"race: Baton does not know node {pool}-1 after 60 s: {status} {body[:300]!r}")
            time.sleep(0.2)
    return base, p


def decisions(base, pool):
    status, body = http("GET", f"{base}/api/decisions?pool={pool}&limit=20", headers={"Authorization": "Bearer " + OPS})
    return json.loads(body) if status == 200 else []


def start_prometheus(procs, name, targets_port, jobs, scrape_s, eval_s, am_port):
    work = os.path.join(procs.work, name)
    os.makedirs(work)
    with open(os.path.join(work, "rules.yml"), "w") as f:
        f.write(f"groups:\n- name: race\n  interval: {eval_s}s\n  rules:\n"
                "  - alert: CpuHigh\n    expr: cpu > 80\n    for: 2m\n")
    with open(os.path.join(work, "prometheus.yml"), "w") as f:
        f.write(f"global:\n  scrape_interval: {scrape_s}s\n  scrape_timeout: {min(scrape_s, 5)}s\n"
                f"  evaluation_interval: {eval_s}s\nrule_files: [rules.yml]\n"
                f"alerting:\n  alertmanagers:\n  - static_configs:\n    - targets: ['127.0.0.1:{am_port}']\n"
                "scrape_configs:\n")
        for job in jobs:
            f.write(f"- job_name: {job}\n  metrics_path: /metrics/{job}\n"
                    f"  static_configs:\n  - targets: ['127.0.0.1:{targets_port}']\n")
    port = free_port()
    p = procs.start(name, ["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/data",
                           f"--web.listen-address=127.0.0.1:{port}"])
    base = f"http://127.0.0.1:{port}"
    wait_up(base + "/-/ready", "Prometheus", p, timeout=60)
    return base, p


def prometheus_samples(base, job, since):
    """Prometheus's stored cpu samples of `job` since epoch seconds `since`: [(time s, value)]."""
    now = time.time()
    q = f'cpu{{job="{job}"}}[{int(now - since) + 1}s]'
    status, body = http("GET", base + "/api/v1/query?" + urllib.parse.urlencode({"query": q, "time": f"{now:.3f}"}))
    result = json.loads(body)["data"]["result"] if status == 200 else []
    return [(float(t), float(v)) for t, v in result[0]["values"]] if result else []


def start_alertmanager(procs, name, hook_url, group_wait_s, group_interval):
    work = os.path.join(procs.work, name)
    os.makedirs(work)
    with open(os.path.join(work, "alertmanager.yml"), "w") as f:
        f.write(f"route:\n  receiver: hook\n  group_by: [job]\n  group_wait: {group_wait_s}s\n"
                f"  group_interval: {group_interval}\n  repeat_interval: 4h\n"
                f"receivers:\n- name: hook\n  webhook_configs:\n  - url: {hook_url}\n    send_resolved: false\n")
    port = free_port()
    p = procs.start(name, ["prometheus-alertmanager", f"--config.file={work}/alertmanager.yml",
                           f"--storage.path={work}/data", f"--web.listen-address=127.0.0.1:{port}",
                           "--cluster.listen-address="])
    wait_up(f"http://127.0.0.1:{port}/-/ready", "Alertmanager", p, timeout=60)
    return port, p
