package io.baton.collectors.remotewrite;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.xerial.snappy.Snappy;

/** Remote-write bodies built with protobuf-java's encoder, as a Prometheus client would send them. */
final class Bodies {
    private Bodies() { }

    /** One series per entry: its labels, and samples as alternating timestamp (ms) and value. */
    @SafeVarargs
    static byte[] writeRequest(Map.Entry<Map<String, String>, double[]>... series) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream req = CodedOutputStream.newInstance(out);
            for (Map.Entry<Map<String, String>, double[]> s : series) req.writeByteArray(1, timeSeries(s.getKey(), s.getValue()));
            req.flush();
            return Snappy.compress(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] timeSeries(Map<String, String> labels, double[] samples) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream ts = CodedOutputStream.newInstance(out);
        for (Map.Entry<String, String> l : labels.entrySet()) {
            ByteArrayOutputStream lo = new ByteArrayOutputStream();
            CodedOutputStream label = CodedOutputStream.newInstance(lo);
            label.writeString(1, l.getKey());
            label.writeString(2, l.getValue());
            label.flush();
            ts.writeByteArray(1, lo.toByteArray());
        }
        for (int i = 0; i + 1 < samples.length; i += 2) {
            ByteArrayOutputStream so = new ByteArrayOutputStream();
            CodedOutputStream sample = CodedOutputStream.newInstance(so);
            sample.writeDouble(1, samples[i + 1]);
            sample.writeInt64(2, (long) samples[i]);
            sample.flush();
            ts.writeByteArray(2, so.toByteArray());
        }
        ts.flush();
        return out.toByteArray();
    }
}
