package io.baton.app.api;

import io.baton.reports.UsageReportRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Usage reports on demand (OPS and BILLING): run a period, follow it, download its files. */
@RestController
@RequestMapping("/api/reports")
class ReportsController {
    private final ObjectProvider<UsageReportRunner> runner;
    private final Map<String, CompletableFuture<UsageReportRunner.Result>> runs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "baton-report");
        t.setDaemon(true);
        return t;
    });

    ReportsController(ObjectProvider<UsageReportRunner> runner) {
        this.runner = runner;
    }

    record ReportRequest(String from, String to, String customer, Boolean force) { }

    record ReportStatus(String id, String status, String message, List<String> files) { }

    @PostMapping
    ResponseEntity<ReportStatus> start(@RequestBody ReportRequest req) {
        UsageReportRunner r = runner.getIfAvailable();
        if (r == null) throw new ApiErrors.ApiException(HttpStatus.SERVICE_UNAVAILABLE, "reports need baton.influx.url");
        UsageReportRunner.period(req.from(), req.to());
        String id = UUID.randomUUID().toString();
        runs.put(id, CompletableFuture.supplyAsync(() -> r.run(req.from(), req.to(), req.customer(), null, Boolean.TRUE.equals(req.force())), executor));
        return ResponseEntity.accepted().body(new ReportStatus(id, "STARTED", "", List.of()));
    }

    @GetMapping("/{id}")
    ReportStatus status(@PathVariable String id) {
        CompletableFuture<UsageReportRunner.Result> f = run(id);
        if (!f.isDone()) return new ReportStatus(id, "RUNNING", "", List.of());
        UsageReportRunner.Result r = f.join();
        return new ReportStatus(id, r.status(), r.message(), r.files().stream().map(p -> p.getFileName().toString()).toList());
    }

    @GetMapping("/{id}/files/{name}")
    ResponseEntity<Resource> download(@PathVariable String id, @PathVariable String name) {
        CompletableFuture<UsageReportRunner.Result> f = run(id);
        if (!f.isDone()) throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "report " + id + " is still running");
        Path file = f.join().files().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "report " + id + " has no file " + name));
        if (!Files.exists(file)) throw new ApiErrors.ApiException(HttpStatus.GONE, name + " is no longer on disk");
        String type = name.endsWith(".csv") ? "text/csv" : name.endsWith(".json") ? "application/json" : "text/html";
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type + "; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(new FileSystemResource(file));
    }

    private CompletableFuture<UsageReportRunner.Result> run(String id) {
        CompletableFuture<UsageReportRunner.Result> f = runs.get(id);
        if (f == null) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no report run " + id);
        return f;
    }
}
