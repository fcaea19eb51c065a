package io.baton.collectors.bench;

import java.nio.charset.StandardCharsets;

/** Telegraf-like line protocol for the benches: 4 measurements, 5-6 tags, 1-5 fields, ns timestamps, all unique. */
final class BenchData {
    private BenchData() { }

    /** {@code count} lines starting at sequence {@code from}; every line has its own timestamp, so none collide. */
    static String lines(int from, int count) {
        StringBuilder sb = new StringBuilder(count * 160);
        long t0 = 1_700_000_000_000_000_000L;
        for (int i = from; i < from + count; i++) {
            int host = i % 50;
            long ts = t0 + i * 1_000L;
            switch (i & 3) {
                case 0 -> sb.append("cpu,cpu=cpu-total,host=server").append(host).append(",node=n").append(host)
                        .append(",pool=web,region=eu-west usage_user=").append(12.5 + (i % 7)).append(",usage_system=3.25,usage_idle=")
                        .append(84.1).append(",usage_iowait=0.5,usage_steal=0 ").append(ts);
                case 1 -> sb.append("mem,host=server").append(host).append(",node=n").append(host)
                        .append(",pool=web,region=eu-west used=").append(4_000_000_000L + i).append("i,available_percent=")
                        .append(41.7).append(" ").append(ts);
                case 2 -> sb.append("latency_p95,node=n").append(host).append(",pool=web,service=shop value=")
                        .append(120 + (i % 13)).append(".5 ").append(ts);
                default -> sb.append("net,host=server").append(host).append(",interface=eth0,node=n").append(host)
                        .append(",pool=web bytes_recv=").append(1_000_000L + i).append("i,bytes_sent=").append(2_000_000L + i)
                        .append("i,drop_in=0i ").append(ts);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static byte[] bytes(int from, int count) {
        return lines(from, count).getBytes(StandardCharsets.UTF_8);
    }
}
