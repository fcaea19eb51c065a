# Baton's business sentences. Each line maps one sentence of a .dslr policy to DRL.
# Windows are exact to the millisecond. The window of N seconds runs from the last reading taken at or
# before (newest reading - N seconds) through the newest reading, both included; covers(N) says such a
# reading exists. So "above X for N minutes" holds on the first reading taken at least N minutes after
# the first reading above X (with none at or below X since), on that reading itself and never earlier.
# A second counts by its closing reading (its last value, at the time of its last reading), so a pool
# mean does not dip while its nodes report one after another within the second.

# ==== policy language v2 (conditions). These come first: Drools expands a line with the first
# sentence that matches, and "there is a pool" or "add {n} nodes" would otherwise eat the longer ones.
# Metric conditions bind no variable, so a rule may use several of them.

# ---- which pools
[when][]there is a pool named {name:\S+}=$pool : Pool(name == "{name}")
[when][]there is a pool of customer {customer:\S+}=$pool : Pool(customer == "{customer}")

# ---- any metric, windows in seconds; means over a window; memory; request rate per running node
[when][]{metric:\S+} of the pool is above {value:-?\d+\.?\d*} for {secs:\d+} seconds=PoolMetric(pool == $pool.name, metric == "{metric}", covers({secs}), minOver({secs}) > {value})
[when][]{metric:\S+} of the pool is below {value:-?\d+\.?\d*} for {secs:\d+} seconds=PoolMetric(pool == $pool.name, metric == "{metric}", covers({secs}), maxOver({secs}) < {value})
[when][]average {metric:\S+} of the pool over {mins:\d+} minutes is above {value:-?\d+\.?\d*}=PoolMetric(pool == $pool.name, metric == "{metric}", covers({mins} * 60), avgOver({mins} * 60) > {value})
[when][]average {metric:\S+} of the pool over {mins:\d+} minutes is below {value:-?\d+\.?\d*}=PoolMetric(pool == $pool.name, metric == "{metric}", covers({mins} * 60), avgOver({mins} * 60) < {value})
[when][]memory of the pool is above {pct:\d+\.?\d*} percent for {mins:\d+} minutes=PoolMetric(pool == $pool.name, metric == "mem_percent", covers({mins} * 60), minOver({mins} * 60) > {pct})
[when][]memory of the pool is below {pct:\d+\.?\d*} percent for {mins:\d+} minutes=PoolMetric(pool == $pool.name, metric == "mem_percent", covers({mins} * 60), maxOver({mins} * 60) < {pct})
[when][]request rate of the pool is above {value:\d+\.?\d*} per node for {mins:\d+} minutes=PoolMetric(pool == $pool.name, metric == "rps_per_node", covers({mins} * 60), minOver({mins} * 60) > {value})
[when][]request rate of the pool is below {value:\d+\.?\d*} per node for {mins:\d+} minutes=PoolMetric(pool == $pool.name, metric == "rps_per_node", covers({mins} * 60), maxOver({mins} * 60) < {value})

# ---- schedules: local time in an IANA zone, start included, end excluded; "18:00 and 08:00" runs overnight
[when][]it is a weekday between {start:\S+} and {end:\S+} in {zone:\S+}=Clock(Schedule.holds(now, "weekday", "{start}", "{end}", "{zone}"))
[when][]it is {days} between {start:\S+} and {end:\S+} in {zone:\S+}=Clock(Schedule.holds(now, "{days}", "{start}", "{end}", "{zone}"))

# ==== policy language v2 (actions)
[then][]add 1 node=insert(Decision.scaleOut(kcontext, $pool.getName(), 1));
[then][]add {pct} percent more nodes=insert(Decision.scaleOutPercent(kcontext, $pool.getName(), $pool.getNodes(), {pct}));
[then][]remove {pct} percent of the nodes=insert(Decision.scaleInPercent(kcontext, $pool.getName(), $pool.getNodes(), {pct}));
[then][]set the pool to {n} nodes=insert(Decision.capacity(kcontext, $pool.getName(), {n}));
[then][]keep at least {n} nodes=insertLogical(Floor.of(kcontext, $pool.getName(), {n}));
[then][]keep CPU of the pool near {pct} percent=insertLogical(Target.of(kcontext, $pool.getName(), Target.CPU, {pct}));
[then][]keep request rate of the pool near {value} per node=insertLogical(Target.of(kcontext, $pool.getName(), Target.RPS_PER_NODE, {value}));

# ---- pools
[when][]there is a pool above its minimum=$pool : Pool(nodes > min)
[when][]there is a pool below its minimum=$pool : Pool(nodes < min)
[when][]there is a pool above its maximum=$pool : Pool(nodes > max)
[when][]there is a pool=$pool : Pool()

# ---- pool load
[when][]CPU of the pool is above {pct} percent for {mins} minutes=$cpu : PoolMetric(pool == $pool.name, metric == "cpu", covers({mins} * 60), minOver({mins} * 60) > {pct})
[when][]CPU of the pool is below {pct} percent for {mins} minutes=$cpu : PoolMetric(pool == $pool.name, metric == "cpu", covers({mins} * 60), maxOver({mins} * 60) < {pct})
[when][]CPU of the pool is above {pct} percent for {secs} seconds=$cpu : PoolMetric(pool == $pool.name, metric == "cpu", covers({secs}), minOver({secs}) > {pct})
[when][]CPU of the pool is below {pct} percent for {secs} seconds=$cpu : PoolMetric(pool == $pool.name, metric == "cpu", covers({secs}), maxOver({secs}) < {pct})
[when][]{metric:\S+} of the pool is above {value} for {mins} minutes=$load : PoolMetric(pool == $pool.name, metric == "{metric}", covers({mins} * 60), minOver({mins} * 60) > {value})
[when][]{metric:\S+} of the pool is below {value} for {mins} minutes=$load : PoolMetric(pool == $pool.name, metric == "{metric}", covers({mins} * 60), maxOver({mins} * 60) < {value})

# ---- forecasts (a Forecast fact per pool and metric, see README "Forecasts"; the peak over the next minutes)
[when][]the forecast of CPU of the pool for the next {mins} minutes is above {pct} percent=$forecast : Forecast(pool == $pool.name, metric == "cpu", maxOver({mins}) > {pct})

# ---- nodes
[when][]there is a running node=$node : Node(state == NodeState.RUNNING) and $pool : Pool(name == $node.pool)
[when][]there is a crashed node=$node : Node(state == NodeState.FAILED) and $pool : Pool(name == $node.pool)
[when][]the node failed its health probe {n} times in a row=$status : NodeStatus(node == $node.id, consecutiveFailures >= {n})
[when][]the node sent no sample for {secs} seconds=$status : NodeStatus(node == $node.id, silentSeconds >= {secs})
[when][]the node's p95 latency stays above {ms} ms for {mins} minutes=$latency : NodeMetric(node == $node.id, metric == "latency_p95", covers({mins} * 60), minOver({mins} * 60) > {ms})
[when][]the pool's median p95 latency stays below {ms} ms for {mins} minutes=$poolLatency : PoolMetric(pool == $pool.name, metric == "latency_p95", maxMedianOver({mins} * 60) < {ms}, median < {ms})

# ---- actions (rules insert decision facts; the engine's guardrails decide what is done)
[then][]add {n} nodes=insert(Decision.scaleOut(kcontext, $pool.getName(), {n}));
[then][]remove {n} node=insert(Decision.scaleIn(kcontext, $pool.getName(), {n}));
[then][]remove {n} nodes=insert(Decision.scaleIn(kcontext, $pool.getName(), {n}));
[then][]replace the node=insert(Decision.replace(kcontext, $pool.getName(), $node.getId()));
[then][]bring the pool to its minimum=insert(Decision.capacity(kcontext, $pool.getName(), $pool.getMin()));
[then][]bring the pool to its maximum=insert(Decision.capacity(kcontext, $pool.getName(), $pool.getMax()));
