package io.baton.app.api;

import io.baton.app.security.Caller;
import io.baton.state.ReportRuns;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage for the console (OPS, BILLING, and each customer for itself): the report runs, and the node-hours and
 * cost of a run by customer, by service and by software, read from the report job's JSON file. A customer sees
 * only its own lines, and downloads only the files of runs made for it alone (the others hold other customers).
 */
@RestController
@RequestMapping("/api/usage")
class UsageController {
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final ReportRuns runs;
    private final ReportsController reports;

    UsageController(ReportRuns runs, ReportsController reports) {
        this.runs = runs;
        this.reports = reports;
    }

    /** A run as the usage page lists it; {@code downloadable} says whether this caller may fetch its files. */
    record RunJson(String id, String from, String to, String customer, String state, String message, List<String> files, boolean downloadable) { }

    /** Node-hours and cost of one group (a customer; a customer's service; a customer's software). */
    record Usage(String customer, String service, String software, BigDecimal nodeHours, BigDecimal coreHours, BigDecimal amount, String currency) { }

    /** A run's usage, grouped three ways, and the node-hours per customer. */
    record UsageJson(String run, String from, String to, List<Usage> byCustomer, List<Usage> byService, List<Usage> bySoftware,
                     Map<String, BigDecimal> totals) { }

    @GetMapping("/runs")
    List<RunJson> runs(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 500) throw new IllegalArgumentException("limit must be 1..500");
        Caller caller = CallerAccess.caller();
        return runs.recent(limit).stream().filter(r -> visible(caller, r)).map(r -> {
            boolean mine = downloadable(caller, r);
            // a customer learns nothing of a run for all customers but its period and state: its files and message name the others
            return new RunJson(r.id(), r.ask().from(), r.ask().to(), r.ask().customer(), r.state().name(),
                    !mine || r.message() == null ? "" : r.message(),
                    mine ? r.files().stream().map(f -> Path.of(f).getFileName().toString()).toList() : List.of(), mine);
        }).toList();
    }

    /** The usage of run {@code run}, or of the newest completed run. */
    @GetMapping
    UsageJson usage(@RequestParam(required = false) String run) throws IOException {
        Caller caller = CallerAccess.caller();
        ReportRuns.Run r = run == null ? newestCompleted(caller) : runs.get(run).filter(x -> visible(caller, x))
                .orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no report run " + run));
        if (r == null) return new UsageJson("", "", "", List.of(), List.of(), List.of(), Map.of());
        if (r.state() != ReportRuns.State.COMPLETED) throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "report " + r.id() + " is " + r.state());
        Path json = r.files().stream().map(Path::of).filter(p -> p.getFileName().toString().endsWith(".json")).findFirst()
                .orElseThrow(() -> new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "report " + r.id() + " has no JSON file"));
        if (!Files.exists(json)) throw new ApiErrors.ApiException(HttpStatus.GONE, json.getFileName() + " is not on this replica's disk");
        Map<List<String>, Usage> customers = new TreeMap<>(UsageController::compare);
        Map<List<String>, Usage> services = new TreeMap<>(UsageController::compare);
        Map<List<String>, Usage> software = new TreeMap<>(UsageController::compare);
        for (JsonNode l : JSON.readTree(Files.readString(json)).path("line_items")) {
            String customer = l.path("customer").asString();
            if (!caller.isOps() && !Caller.BILLING.equals(caller.role()) && !customer.equals(caller.customer())) continue;
            Usage u = new Usage(customer, l.path("service").asString(), l.path("software").asString(), l.path("node_hours").decimalValue(),
                    l.path("core_hours").decimalValue(), l.path("amount").decimalValue(), l.path("currency").asString());
            add(customers, List.of(customer), new Usage(customer, "", "", u.nodeHours(), u.coreHours(), u.amount(), u.currency()));
            add(services, List.of(customer, u.service()), new Usage(customer, u.service(), "", u.nodeHours(), u.coreHours(), u.amount(), u.currency()));
            add(software, List.of(customer, u.software()), new Usage(customer, "", u.software(), u.nodeHours(), u.coreHours(), u.amount(), u.currency()));
        }
        Map<String, BigDecimal> totals = new TreeMap<>();
        customers.values().forEach(u -> totals.put(u.customer(), u.nodeHours()));
        return new UsageJson(r.id(), r.ask().from(), r.ask().to(), new ArrayList<>(customers.values()), new ArrayList<>(services.values()),
                new ArrayList<>(software.values()), totals);
    }

    /** A file of a run, for a caller that may have it (OPS and BILLING any; a customer those of its own runs). */
    @GetMapping("/runs/{id}/files/{name}")
    ResponseEntity<?> download(@PathVariable String id, @PathVariable String name,
                               @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String credentials) {
        Caller caller = CallerAccess.caller();
        Optional<ReportRuns.Run> r = runs.get(id).filter(x -> visible(caller, x));
        if (r.isEmpty()) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no report run " + id);
        if (!downloadable(caller, r.get())) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "report " + id + " holds other customers' usage: ask billing for yours");
        }
        return reports.download(id, name, credentials);
    }

    private ReportRuns.Run newestCompleted(Caller caller) {
        return runs.recent(200).stream().filter(r -> r.state() == ReportRuns.State.COMPLETED && visible(caller, r)).findFirst().orElse(null);
    }

    /** OPS and BILLING see every run; a customer the runs of every customer and its own. */
    private static boolean visible(Caller caller, ReportRuns.Run r) {
        return !Caller.CUSTOMER.equals(caller.role()) || r.ask().customer().isEmpty() || r.ask().customer().equals(caller.customer());
    }

    private static boolean downloadable(Caller caller, ReportRuns.Run r) {
        return !Caller.CUSTOMER.equals(caller.role()) || r.ask().customer().equals(caller.customer());
    }

    private static void add(Map<List<String>, Usage> into, List<String> key, Usage u) {
        into.merge(key, u, (a, b) -> new Usage(a.customer(), a.service(), a.software(), a.nodeHours().add(b.nodeHours()),
                a.coreHours().add(b.coreHours()), a.amount().add(b.amount()), a.currency().isEmpty() ? b.currency() : a.currency()));
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }
}
