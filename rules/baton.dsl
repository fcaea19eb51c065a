# Baton's business sentences. Each line maps one sentence of a .dslr policy to DRL.
# Windows are exact to the millisecond. The window of N seconds runs from the last reading taken at or
# before (newest reading - N seconds) through the newest reading, both included; covers(N) says such a
# reading exists. So "above X for N minutes" holds on the first reading taken at least N minutes after
# the first reading above X (with none at or below X since), on that reading itself and never earlier.
# A second counts by its closing reading (its last value, at the time of its last reading), so a pool
# mean does not dip while its nodes report one after another within the second.

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
