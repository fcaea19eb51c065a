package io.baton.app.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Case 5: the role matrix. Every endpoint (the controllers of {@code app/.../api}, the ingest endpoints, the
 * actuator, the console) x every kind of caller, with the status the documented security rules give (README
 * "REST API and dashboard", "Ingest tokens per customer"; {@code SecurityConfiguration}, {@code CallerAccess}),
 * written down here before anything is called. Resources belong to customer acme (pool {@code shop});
 * "own" is acme's credential, "other" is uni's. On API rows the customer columns use the self-service token; on
 * ingest rows they use the customer's {@code ingest-token}, writing a line of acme's pool.
 */
final class RolesCase {
    static final String BILLING = "faults-billing-token-0123456";
    static final String ACME = "faults-acme-api-token-01234";
    static final String UNI = "faults-uni-api-token-012345";
    static final String ACME_INGEST = "faults-acme-ingest-token-0123";
    static final String UNI_INGEST = "faults-uni-ingest-token-01234";
    static final String INGEST = "faults-ops-ingest-token-01234";
    static final String BAD = "faults-not-a-token-000000000";
    static final String[] COLUMNS = {"none", "bad", "OPS", "BILLING", "CUST-own", "CUST-other", "ingest"};

    /** One endpoint: method, path ({@code {report}} and {@code {file}} filled at run time), body, and the expected code per column. */
    record Row(String method, String path, String body, boolean ingest, int... expected) { }

    static final String LINE = "cpu,pool=shop value=1";
    static final List<Row> ROWS = List.of(
            //                                                                          none bad  OPS  BILL own other ingest
            new Row("GET", "/", null, false,                                             200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/console/app.js", null, false,                               200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/pools/shop", null, false,                                   200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/api/me", null, false,                                       401, 401, 200, 200, 200, 200, 401),
            new Row("GET", "/actuator/health", null, false,                              200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/actuator/prometheus", null, false,                          401, 401, 200, 403, 403, 403, 401),
            new Row("GET", "/actuator/metrics", null, false,                             401, 401, 200, 403, 403, 403, 401),
            new Row("GET", "/actuator/info", null, false,                                401, 401, 200, 403, 403, 403, 401),
            new Row("GET", "/v3/api-docs", null, false,                                  401, 401, 200, 200, 200, 200, 401),
            new Row("GET", "/api/pools", null, false,                                    401, 401, 200, 403, 200, 200, 401),
            new Row("GET", "/api/pools/shop", null, false,                               401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/pools/shop/history", null, false,                       401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/pools/shop/chart?range=15m", null, false,               401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/pools/shop/guardrails", null, false,                    401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/pools/shop/rules", null, false,                         401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/pools/nope", null, false,                               401, 401, 404, 403, 404, 404, 401),
            new Row("POST", "/api/pools/shop/scale", "{\"delta\":1}", false,             401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/decisions", null, false,                                401, 401, 200, 403, 200, 200, 401),
            new Row("GET", "/api/decisions?pool=shop", null, false,                      401, 401, 200, 403, 200, 403, 401),
            new Row("GET", "/api/rules", null, false,                                    401, 401, 200, 403, 403, 403, 401),
            new Row("POST", "/api/rules/validate", "{}", false,                          401, 401, 200, 403, 403, 403, 401),
            new Row("PUT", "/api/rules/matrix.drl", "package rules.matrix;\n", false,    401, 401, 200, 403, 403, 403, 401),
            new Row("POST", "/api/reports", "{\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2025-01-02T00:00:00Z\",\"force\":true}", false,
                                                                                         401, 401, 202, 202, 403, 403, 401),
            new Row("GET", "/api/reports/{report}", null, false,                         401, 401, 200, 200, 403, 403, 401),
            new Row("GET", "/api/reports/{report}/files/{file}", null, false,            401, 401, 200, 200, 403, 403, 401),
            new Row("GET", "/api/usage/runs", null, false,                               401, 401, 200, 200, 200, 200, 401),
            new Row("GET", "/api/usage/runs/{report}/files/{file}", null, false,         401, 401, 200, 200, 403, 403, 401),
            new Row("GET", "/api/no-such-endpoint", null, false,                         401, 401, 404, 403, 403, 403, 401),
            new Row("POST", "/write?db=x", LINE, true,                                   401, 401, 401, 401, 204, 400, 204),
            new Row("POST", "/api/v2/write?bucket=b&org=o", LINE, true,                  401, 401, 401, 401, 204, 400, 204),
            new Row("POST", "/write?db=x (self-service tokens)", LINE, false,            401, 401, 401, 401, 401, 401, 204),
            new Row("POST", "/query?q=CREATE+DATABASE+x", null, true,                    401, 401, 401, 401, 200, 200, 200),
            new Row("GET", "/ping", null, true,                                          204, 204, 204, 204, 204, 204, 204));

    static boolean run(FaultHarness h) throws Exception {
        Path dir = h.workDir("roles");
        BatonProcess baton = new BatonProcess(dir, Http.freePort(), h.commonArgs(dir, "faults_roles", List.of(
                "--baton.security.billing-token=" + BILLING,
                "--baton.ingest.token=" + INGEST,
                "--baton.customers.acme.token=" + ACME,
                "--baton.customers.acme.ingest-token=" + ACME_INGEST,
                "--baton.customers.acme.quota=50",
                "--baton.customers.uni.token=" + UNI,
                "--baton.customers.uni.ingest-token=" + UNI_INGEST,
                "--baton.customers.uni.quota=50",
                "--baton.pools.shop.customer=acme", "--baton.pools.shop.min=0", "--baton.pools.shop.max=50",
                "--baton.pools.shop.guardrails.dry-run=true",
                "--baton.pools.shop.local.port-start=" + (25000 + (int) (ProcessHandle.current().pid() % 100) * 20),
                "--baton.pools.lab.customer=uni", "--baton.pools.lab.min=0", "--baton.pools.lab.max=50",
                "--baton.pools.lab.guardrails.dry-run=true",
                "--baton.pools.lab.local.port-start=" + (27000 + (int) (ProcessHandle.current().pid() % 100) * 20)))).start();
        String base = baton.base();

        // a finished report of OPS's, for the rows that read a report and its files
        String report = "none";
        String file = "none.csv";
        Http.Answer started = Http.call(base, "POST", "/api/reports", FaultHarness.OPS, "{\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2025-01-02T00:00:00Z\",\"force\":true}");
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(started.body());
        List<String> notes = new ArrayList<>();
        if (id.find()) {
            report = id.group(1);
            long deadline = System.currentTimeMillis() + 60_000;
            String status = "";
            while (System.currentTimeMillis() < deadline) {
                status = Http.call(base, "GET", "/api/reports/" + report, FaultHarness.OPS, null).body();
                if (!status.contains("\"RUNNING\"") && !status.contains("\"STARTED\"")) break;
                BatonProcess.sleep(300);
            }
            Matcher f = Pattern.compile("\"files\":\\[\"([^\"]+)\"").matcher(status);
            if (f.find()) file = f.group(1);
            else notes.add("the OPS report run has no file: " + FuzzCase.cut(status));
        } else {
            notes.add("could not start a report: " + started.status() + " " + FuzzCase.cut(started.body()));
        }

        int mismatches = 0;
        int cells = 0;
        StringBuilder table = new StringBuilder(String.format("  %-46s", "endpoint (expected/actual)"));
        for (String c : COLUMNS) table.append(String.format(" %-10s", c));
        table.append('\n');
        for (Row r : ROWS) {
            String path = r.path.replace("{report}", report).replace("{file}", file);
            String sent = path.replace(" (self-service tokens)", "");
            StringBuilder line = new StringBuilder(String.format("  %-46s", r.method + " " + r.path));
            for (int c = 0; c < COLUMNS.length; c++) {
                String token = token(c, r.ingest);
                Map<String, String> headers = new LinkedHashMap<>();
                if (token != null) headers.put("Authorization", "Bearer " + token);
                Http.Answer a = Http.call(base, r.method, sent, headers, r.body, Duration.ofSeconds(30));
                int want = r.expected[c];
                cells++;
                boolean ok = a.status() == want;
                if (ok && want == 400 && r.ingest && !a.body().contains("line 1")) {
                    ok = false;
                    notes.add(r.method + " " + r.path + " as " + COLUMNS[c] + ": 400 does not name the line: " + FuzzCase.cut(a.body()));
                }
                if (!ok) mismatches++;
                line.append(String.format(" %-10s", want + "/" + a.status() + (ok ? "" : " !")));
                if (!ok && a.status() != want) notes.add(r.method + " " + r.path + " as " + COLUMNS[c] + ": expected " + want + ", got " + a.status() + " " + FuzzCase.cut(a.body()));
            }
            table.append(line).append('\n');
        }
        baton.stop();
        System.out.print(table);
        for (String n : notes) System.out.println("  roles: " + n);
        boolean pass = mismatches == 0;
        h.result("roles", String.format("cells=%d mismatches=%d (%d endpoints x %d callers)", cells, mismatches, ROWS.size(), COLUMNS.length),
                "0 mismatches", pass);
        return pass;
    }

    private static String token(int column, boolean ingest) {
        return switch (column) {
            case 0 -> null;
            case 1 -> BAD;
            case 2 -> FaultHarness.OPS;
            case 3 -> BILLING;
            case 4 -> ingest ? ACME_INGEST : ACME;
            case 5 -> ingest ? UNI_INGEST : UNI;
            default -> INGEST;
        };
    }
}
