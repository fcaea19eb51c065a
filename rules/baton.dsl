# Baton's business sentences. Each line maps one sentence of a .dslr policy to DRL.
# Windows look back from the newest reading and include both ends; "for N minutes" means no reading
# in the last N minutes crossed the threshold, and readings reach back at least N minutes.

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
[when][]{metric} of the pool is above {value} for {mins} minutes=$load : PoolMetric(pool == $pool.name, metric == "{metric}", covers({mins} * 60), minOver({mins} * 60) > {value})
[when][]{metric} of the pool is below {value} for {mins} minutes=$load : PoolMetric(pool == $pool.name, metric == "{metric}", covers({mins} * 60), maxOver({mins} * 60) < {value})

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
