package io.baton.collectors.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * InfluxDB-compatible write endpoints: v1 {@code POST /write?db=&precision=} and v2
 * {@code POST /api/v2/write?precision=} (db, bucket and org are ignored: Baton writes to its own database), plus
 * {@code /ping} and a {@code /query} that accepts {@code CREATE DATABASE} so clients that create their database
 * work unchanged. The query string is parsed by hand so a form content type never consumes the body.
 */
@RestController
public class LineProtocolController {
    private static final MediaType JSON = MediaType.APPLICATION_JSON;
    private final IngestService service;
    private final TokenCheck tokens;
    private final long maxBody;
    private final IngestGate gate;

    /** Serves {@code service}; {@code authority} says which tokens may write which pools. */
    public LineProtocolController(IngestService service, IngestProperties props, IngestAuthority authority) {
        this(service, props, authority, IngestGate.OPEN);
    }

    /** @param gate whether this replica takes writes now (a follower with no leader known does not) */
    public LineProtocolController(IngestService service, IngestProperties props, IngestAuthority authority, IngestGate gate) {
        this.gate = gate;
        this.service = service;
        this.tokens = new TokenCheck(authority);
        this.maxBody = props.getMaxBodySize().toBytes();
    }

    @PostMapping("${baton.ingest.path-prefix:}/write")
    public ResponseEntity<String> writeV1(HttpServletRequest request) {
        return write(request, false);
    }

    @PostMapping("${baton.ingest.path-prefix:}/api/v2/write")
    public ResponseEntity<String> writeV2(HttpServletRequest request) {
        return write(request, true);
    }

    @RequestMapping(path = "${baton.ingest.path-prefix:}/ping", method = {RequestMethod.GET, RequestMethod.HEAD})
    public ResponseEntity<Void> ping() {
        return ResponseEntity.noContent().header("X-Influxdb-Version", "baton-1.x").build();
    }

    @PostMapping("${baton.ingest.path-prefix:}/query")
    public ResponseEntity<String> query(HttpServletRequest request) {
        Map<String, String> params = queryParams(request.getQueryString());
        if (tokens.grant(params.get("p"), request.getHeader("Authorization")) == null) return error(HttpStatus.UNAUTHORIZED, "authorization failed");
        String q = params.getOrDefault("q", "");
        if (q.isEmpty()) {
            try {
                Body body = readBody(request.getInputStream(), null, request.getContentLengthLong());
                q = body == null ? "" : queryParams(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8)).getOrDefault("q", "");
            } catch (IOException e) {
                return error(HttpStatus.BAD_REQUEST, "cannot read body: " + e.getMessage());
            }
        }
        if (q.trim().toUpperCase(Locale.ROOT).startsWith("CREATE DATABASE")) {
            return ResponseEntity.ok().contentType(JSON).body("{\"results\":[{\"statement_id\":0}]}");
        }
        return error(HttpStatus.BAD_REQUEST, "Baton ingest accepts writes only (and CREATE DATABASE, which it ignores)");
    }

    private ResponseEntity<String> write(HttpServletRequest request, boolean v2) {
        Map<String, String> params = queryParams(request.getQueryString());
        IngestGrant grant = tokens.grant(params.get("p"), request.getHeader("Authorization"));
        if (grant == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"baton\"")
                    .contentType(JSON).body(json("authorization failed"));
        }
        String closed = gate.unavailable();
        if (closed != null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").contentType(JSON)
                    .body(json(closed + ": nothing was written, retry later"));
        }
        String precision = params.get("precision");
        long unit = v2 ? Precision.v2(precision) : Precision.v1(precision);
        if (unit < 0) {
            return error(HttpStatus.BAD_REQUEST, "invalid precision '" + precision + "': use " + (v2 ? "ns, us, ms or s" : "ns, u, ms, s, m or h"));
        }
        long length = request.getContentLengthLong();
        if (length > maxBody) return tooLarge();
        Body body;
        try {
            body = readBody(request.getInputStream(), request.getHeader("Content-Encoding"), length);
        } catch (ZipException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid gzip body: " + e.getMessage());
        } catch (IOException e) {
            return error(HttpStatus.BAD_REQUEST, "cannot read body: " + e.getMessage());
        }
        if (body == null) return tooLarge();
        IngestResult result = service.ingest(body.bytes(), body.length(), unit, System.currentTimeMillis() * 1_000_000L, grant);
        if (result.overloaded()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").contentType(JSON)
                    .body(json("Baton's buffer is full (InfluxDB slow or down and spool full): nothing was written, retry later"));
        }
        if (result.badLines() == 0) return ResponseEntity.noContent().build();
        StringBuilder msg = new StringBuilder("partial write: ");
        msg.append(String.join("\n", result.errors()));
        if (result.badLines() > result.errors().size()) {
            msg.append("\n... and ").append(result.badLines() - result.errors().size()).append(" more bad lines");
        }
        msg.append(" dropped=").append(result.badLines()).append(" written=").append(result.points());
        return error(HttpStatus.BAD_REQUEST, msg.toString());
    }

    /** The whole body, gunzipped when so encoded; null when it passes the limit. */
    private Body readBody(InputStream raw, String encoding, long contentLength) throws IOException {
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        InputStream in = gzip ? new GZIPInputStream(raw, 65536) : raw;
        // plain bodies of known length are read into an array of exactly that size (+1 to see the end)
        int initial = !gzip && contentLength >= 0 && contentLength <= maxBody ? (int) contentLength + 1 : 64 * 1024;
        byte[] buf = new byte[initial];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length > maxBody) return null;
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBody + 1));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
            if (n > maxBody) return null;
        }
        return new Body(buf, n);
    }

    /** A request body: the first {@code length} bytes of {@code bytes}. */
    private record Body(byte[] bytes, int length) { }

    private ResponseEntity<String> tooLarge() {
        return error(HttpStatus.CONTENT_TOO_LARGE, "request body too large: limit " + maxBody + " bytes");
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(JSON).body(json(message));
    }

    private static String json(String message) {
        StringBuilder sb = new StringBuilder("{\"error\":\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
            }
        }
        return sb.append("\"}").toString();
    }

    static Map<String, String> queryParams(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) return params;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                params.putIfAbsent(key, value);
            }
        }
        return params;
    }
}
