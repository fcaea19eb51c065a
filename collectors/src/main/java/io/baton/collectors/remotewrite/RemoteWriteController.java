package io.baton.collectors.remotewrite;

import io.baton.collectors.ingest.IngestAuthority;
import io.baton.collectors.ingest.IngestGate;
import io.baton.collectors.ingest.IngestGrant;
import io.baton.collectors.ingest.IngestResult;
import io.baton.collectors.ingest.IngestService;
import io.baton.collectors.ingest.TokenCheck;
import io.baton.engine.schema.LineProtocol;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus Remote-Write 1.0 receiver, {@code POST /api/v1/write}. Each sample becomes a point: the
 * measurement is {@code __name__}, the other labels are tags, the field is {@code value}. The points go
 * through the same ingest as line protocol (token grants, bounds, InfluxDB and the engine), so remote-written
 * samples obey the same safety rules. Answers as the spec asks: 204 when everything was taken; 400 with a
 * message for a malformed body or bad series (the good series are kept, and Prometheus does not retry a
 * 400); 503 with {@code Retry-After} when the buffer is full or no leader is known, so Prometheus retries
 * and nothing is lost.
 */
@RestController
public class RemoteWriteController {
    private static final Pattern LINE = Pattern.compile("^line (\\d+): ");
    private final IngestService service;
    private final TokenCheck tokens;
    private final IngestGate gate;
    private final long maxBody;

    public RemoteWriteController(IngestService service, IngestAuthority authority, IngestGate gate, long maxBody) {
        this.service = service;
        this.tokens = new TokenCheck(authority);
        this.gate = gate;
        this.maxBody = maxBody;
    }

    @PostMapping("${baton.ingest.path-prefix:}/api/v1/write")
    public ResponseEntity<String> write(HttpServletRequest request) throws IOException {
        IngestGrant grant = tokens.grant(null, request.getHeader("Authorization"));
        if (grant == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"baton\"").body("authorization failed\n");
        }
        String closed = gate.unavailable();
        if (closed != null) return retryLater(closed);
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.trim().equalsIgnoreCase("snappy")) {
            return bad("Content-Encoding " + encoding + " is not supported: remote write 1.0 bodies are snappy-compressed");
        }
        if (request.getContentLengthLong() > maxBody) return tooLarge();
        byte[] body = read(request.getInputStream());
        if (body == null) return tooLarge();
        WriteRequest req;
        try {
            req = WriteRequest.decode(body, (int) Math.min(Integer.MAX_VALUE - 16, maxBody * 8));
        } catch (WriteRequest.Malformed e) {
            return bad(e.getMessage());
        }
        PointLines lines = PointLines.of(req);
        byte[] text = lines.text().isEmpty() ? null : lines.bytes();
        IngestResult result = text == null ? null
                : service.ingest(text, text.length, 1_000_000L, System.currentTimeMillis() * 1_000_000L, grant);
        if (result != null && result.overloaded()) {
            return retryLater("Baton's buffer is full (InfluxDB slow or down and spool full): nothing was written");
        }
        List<String> problems = new ArrayList<>(lines.problems());
        if (result != null) {
            for (String e : result.errors()) {
                Matcher m = LINE.matcher(e);
                problems.add(m.find() ? lines.describe(Integer.parseInt(m.group(1))) + ": " + e.substring(m.end()) : e);
            }
        }
        if (problems.isEmpty()) return ResponseEntity.noContent().build();
        int bad = lines.skipped() + (result == null ? 0 : result.badLines());
        return bad("partial write: " + String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
                + (problems.size() > 20 ? "; ... and " + (problems.size() - 20) + " more" : "")
                + " (dropped=" + bad + " written=" + (result == null ? 0 : result.points()) + ")");
    }

    private byte[] read(InputStream in) throws IOException {
        byte[] all = in.readNBytes((int) Math.min(maxBody + 1, Integer.MAX_VALUE - 16));
        return all.length > maxBody ? null : all;
    }

    private static ResponseEntity<String> retryLater(String why) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").contentType(MediaType.TEXT_PLAIN)
                .body(why + ": nothing was written, retry later\n");
    }

    private static ResponseEntity<String> bad(String message) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }

    private ResponseEntity<String> tooLarge() {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.TEXT_PLAIN)
                .body("request body too large: limit " + maxBody + " bytes\n");
    }

    /** The samples of a request as line protocol, one line per sample, and what each line came from. */
    record PointLines(String text, List<String> origins, List<String> problems, int skipped) {
        byte[] bytes() { return text.getBytes(StandardCharsets.UTF_8); }

        /** The series line {@code n} (1-based) came from. */
        String describe(int n) { return n >= 1 && n <= origins.size() ? origins.get(n - 1) : "line " + n; }

        static PointLines of(WriteRequest req) {
            StringBuilder text = new StringBuilder();
            List<String> origins = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            int skipped = 0;
            int index = 0;
            for (WriteRequest.Series s : req.series()) {
                index++;
                String name = s.labels().get("__name__");
                String why = name == null || name.isEmpty() ? "no __name__ label" : check(s);
                if (why != null) {
                    problems.add("series " + index + " " + s.labels() + ": " + why);
                    skipped += s.samples().size();
                    continue;
                }
                StringBuilder head = LineProtocol.measurement(new StringBuilder(), name);
                s.labels().forEach((k, v) -> {
                    if (!k.equals("__name__")) LineProtocol.tag(head, k, v);
                });
                String origin = "series " + index + " " + name;
                for (WriteRequest.Point p : s.samples()) {
                    if (Double.isNaN(p.value())) continue; // a staleness marker (or NaN): nothing to store
                    if (Double.isInfinite(p.value())) {
                        problems.add(origin + ": value " + p.value() + " at " + p.timestampMs() + " is not finite");
                        skipped++;
                        continue;
                    }
                    LineProtocol.value(text.append(head), p.value()).append(' ').append(p.timestampMs()).append('\n');
                    origins.add(origin);
                }
            }
            return new PointLines(text.toString(), origins, problems, skipped);
        }

        private static String check(WriteRequest.Series s) {
            for (var e : s.labels().entrySet()) {
                if (e.getKey().isEmpty()) return "a label with no name";
                if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) return "label " + e.getKey() + " holds a line break";
            }
            return null;
        }
    }
}
