package io.baton.collectors.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * A Prometheus Remote-Write 1.0 {@code WriteRequest}: snappy block-compressed protobuf, read with
 * protobuf-java's {@link CodedInputStream}. Only the fields Baton uses are kept (labels and float samples);
 * metadata, exemplars and native histograms are skipped, as the 1.0 spec lets a receiver do.
 *
 * <pre>
 * message WriteRequest { repeated TimeSeries timeseries = 1; reserved 2; repeated MetricMetadata metadata = 3; }
 * message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
 * message Label        { string name = 1; string value = 2; }
 * message Sample       { double value = 1; int64 timestamp = 2; }   // milliseconds since the epoch
 * </pre>
 */
record WriteRequest(List<Series> series) {

    /** One time series: its labels, by name, and its samples. */
    record Series(TreeMap<String, String> labels, List<Point> samples) { }

    /** One sample: milliseconds since the epoch, and its value. */
    record Point(long timestampMs, double value) { }

    /** A body that is not snappy-compressed protobuf of a WriteRequest. */
    static final class Malformed extends Exception {
        Malformed(String message, Throwable cause) { super(message, cause); }
    }

    /** Decodes a snappy-compressed body. */
    static WriteRequest decode(byte[] body, int maxUncompressed) throws Malformed {
        byte[] raw;
        try {
            if (!Snappy.isValidCompressedBuffer(body)) throw new IOException("not snappy block format");
            int n = Snappy.uncompressedLength(body);
            if (n > maxUncompressed) throw new Malformed("uncompressed body of " + n + " bytes is over the limit of " + maxUncompressed, null);
            raw = Snappy.uncompress(body);
        } catch (IOException e) {
            throw new Malformed("body is not snappy block-compressed (" + e.getMessage() + ")", e);
        }
        try {
            return parse(CodedInputStream.newInstance(raw));
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("body is not a protobuf WriteRequest (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new Malformed("body is not a protobuf WriteRequest (" + e.getMessage() + ")", e);
        }
    }

    private static boolean is(int tag, int field, int wireType) {
        return WireFormat.getTagFieldNumber(tag) == field && WireFormat.getTagWireType(tag) == wireType;
    }

    private static WriteRequest parse(CodedInputStream in) throws IOException {
        List<Series> out = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                out.add(series(in));
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new WriteRequest(out);
    }

    private static Series series(CodedInputStream in) throws IOException {
        TreeMap<String, String> labels = new TreeMap<>();
        List<Point> samples = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                String name = "";
                String value = "";
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (is(t, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) name = in.readStringRequireUtf8();
                    else if (is(t, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) value = in.readStringRequireUtf8();
                    else if (!in.skipField(t)) break;
                }
                in.popLimit(limit);
                labels.put(name, value);
            } else if (is(tag, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                double value = 0;
                long ts = 0;
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (is(t, 1, WireFormat.WIRETYPE_FIXED64)) value = in.readDouble();
                    else if (is(t, 2, WireFormat.WIRETYPE_VARINT)) ts = in.readInt64();
                    else if (!in.skipField(t)) break;
                }
                in.popLimit(limit);
                samples.add(new Point(ts, value));
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new Series(labels, samples);
    }
}
