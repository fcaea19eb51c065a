package io.baton.app.api;

import io.baton.reports.UsageReportRunner;
import io.baton.state.HaStatus;
import io.baton.state.ReportRuns;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage reports on demand (OPS and BILLING): run a period, follow it, download its files. As with planned
 * requests, any replica accepts a run: it is queued in the shared database and run by the leader alone;
 * the answer comes once the leader has taken it, and a run no leader takes within {@link PlannedRequests#WAIT}
 * is withdrawn (it is then never run) and answered 503 with Retry-After. Any replica reads a run's state
 * from the database; the files are on the disk of the replica that ran it, and another replica forwards
 * the download there with the caller's credentials.
 */
@RestController
@RequestMapping("/api/reports")
class ReportsController {
    private final ObjectProvider<UsageReportRunner> runner;
    private final ReportRuns runs;
    private final HaStatus ha;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ReportsController(ObjectProvider<UsageReportRunner> runner, ReportRuns runs, HaStatus ha) {
        this.runner = runner;
        this.runs = runs;
        this.ha = ha;
    }

    record ReportRequest(String from, String to, String customer, Boolean force) { }

    record ReportStatus(String id, String status, String message, List<String> files) { }

    @PostMapping
    ResponseEntity<ReportStatus> start(@RequestBody ReportRequest req) throws InterruptedException {
        if (runner.getIfAvailable() == null) throw new ApiErrors.ApiException(HttpStatus.SERVICE_UNAVAILABLE, "reports need baton.influx.url");
        UsageReportRunner.period(req.from(), req.to());
        String id = runs.enqueue(new ReportRuns.Ask(req.from(), req.to(), req.customer(), Boolean.TRUE.equals(req.force())), ha.replicaId());
        if (runs.awaitTaken(id, PlannedRequests.WAIT) == ReportRuns.State.QUEUED && runs.withdraw(id)) {
            throw new ApiErrors.Unavailable("no leader took the report within " + PlannedRequests.WAIT.toSeconds() + " s (it was withdrawn, nothing was run)");
        }
        return ResponseEntity.accepted().body(new ReportStatus(id, "STARTED", "", List.of()));
    }

    @GetMapping("/{id}")
    ReportStatus status(@PathVariable String id) {
        ReportRuns.Run r = run(id);
        return new ReportStatus(id, r.state().name(), r.message() == null ? "" : r.message(),
                r.files().stream().map(f -> Path.of(f).getFileName().toString()).toList());
    }

    @GetMapping("/{id}/files/{name}")
    ResponseEntity<?> download(@PathVariable String id, @PathVariable String name,
                               @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        ReportRuns.Run r = run(id);
        if (!r.state().done()) throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "report " + id + " is still running");
        Path file = r.files().stream().map(Path::of).filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "report " + id + " has no file " + name));
        if (!Files.exists(file) && !ha.replicaId().equals(r.replica())) return forward(r.replica(), id, name, credentials);
        if (!Files.exists(file)) throw new ApiErrors.ApiException(HttpStatus.GONE, name + " is no longer on disk");
        String type = name.endsWith(".csv") ? "text/csv" : name.endsWith(".json") ? "application/json" : "text/html";
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type + "; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(new FileSystemResource(file));
    }

    /** The same download from the replica that wrote the files. */
    private ResponseEntity<byte[]> forward(String replica, String id, String name, String credentials) {
        String url = ha.replicaUrl(replica);
        if (url == null) throw new ApiErrors.ApiException(HttpStatus.GONE, "the files of report " + id + " were on replica " + replica + ", which is unknown");
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + "/api/reports/" + segment(id) + "/files/" + segment(name)))
                .timeout(Duration.ofSeconds(20)).GET();
        if (credentials != null) req.header(HttpHeaders.AUTHORIZATION, credentials);
        try {
            HttpResponse<byte[]> answer = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            ResponseEntity.BodyBuilder out = ResponseEntity.status(answer.statusCode());
            for (String h : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_DISPOSITION)) answer.headers().firstValue(h).ifPresent(v -> out.header(h, v));
            return out.body(answer.body());
        } catch (IOException e) {
            throw new ApiErrors.Unavailable("replica " + replica + ", which holds the files of report " + id + ", does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiErrors.Unavailable("interrupted while fetching report " + id + " from replica " + replica);
        }
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private ReportRuns.Run run(String id) {
        return runs.get(id).orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no report run " + id));
    }
}
