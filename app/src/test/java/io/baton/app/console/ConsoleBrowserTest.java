package io.baton.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in real headless Chromium (Debian's chromium and chromium-driver, through Selenium) against a running
 * Baton with real local node processes and a real InfluxDB: OPS scales a pool from its page and sees the decision
 * and the new node without a reload; a customer over quota gets the 409 in the page and never sees another
 * customer's pool; a broken rule saved in the editor shows its error at its line while the running rules stay; the
 * usage page downloads a CSV whose totals are the API's. Each page's screenshot is written under {@code target/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends ConsoleFixture {

    @Test
    @Order(1)
    void withoutATokenThePageAsksForOneAndSignOutForgetsIt() throws Exception {
        Api.Answer page = api().call("GET", "/pools/shop", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("default-src 'self'");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertThat(page.body().split("<script").length - 1).as("every script of the page comes from a file").isEqualTo(1);

        Browser b = browser();
        b.open("/");
        b.element(By.id("sign-in"));
        assertThat(b.text(By.id("status"))).contains("Sign in with a token");
        assertThat(b.driver.findElements(By.cssSelector("[data-pool]"))).isEmpty();
        b.driver.findElement(By.id("token")).sendKeys(OPS);
        b.driver.findElement(By.cssSelector("#sign-in button")).click();
        b.textContaining(By.id("who"), "ops (OPS)");
        b.element(By.cssSelector("a.pool[data-pool='shop']"));
        b.driver.findElement(By.id("sign-out")).click();
        b.element(By.id("sign-in"));
        assertThat(b.js("return sessionStorage.getItem('baton-token')")).isNull();
        b.assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void opsSendsPlusOneFromThePoolPageAndSeesTheDecisionAndTheNewNodeWithoutAReload() throws Exception {
        awaitCapacity("shop", 1); // min 1: the capacity rule refills the empty pool
        reportLoad("shop");
        Browser b = browser();
        b.open("/pools/shop#token=" + OPS);
        b.textContaining(By.id("who"), "ops (OPS)");
        assertThat(b.driver.getCurrentUrl()).as("the token left the address bar").doesNotContain("token").endsWith("/pools/shop");
        WebElement chart = b.element(By.id("nodes-chart"));
        b.await("the nodes chart drawn from InfluxDB", () -> "influxdb".equals(chart.getDomAttribute("data-source"))
                && !b.driver.findElements(By.cssSelector("#nodes-chart canvas")).isEmpty());
        b.await("1 node on the chart", () -> "1".equals(chart.getDomAttribute("data-nodes-now")));
        b.element(By.cssSelector(".chart[data-metric='queue_depth']"));
        assertThat(b.text(By.id("pool-rules"))).contains("A queue deeper than 10 adds 1 node").contains("queue_depth > 10")
                .contains("CPU above 80% for 2 minutes adds 2 nodes").contains("cpu > 80");
        assertThat(b.text(By.id("guardrails"))).contains("scale-out cooldown").contains("customer holds 1 of 3 nodes");
        b.js("window.sameDocument = 'yes'");

        WebElement amount = b.driver.findElement(By.cssSelector("#scale-form input[name='amount']"));
        amount.clear();
        amount.sendKeys("1");
        b.driver.findElement(By.cssSelector("#scale-form button")).click();
        b.textContaining(By.id("scale-answer"), "EXECUTED, 1 of 1 approved");
        WebElement row = b.await("a decision row by ops", () -> b.driver.findElements(By.cssSelector("tr.decision")).stream()
                .filter(r -> r.findElement(By.cssSelector("td.requester")).getText().equals("ops")).findFirst().orElse(null));
        assertThat(row.findElement(By.cssSelector("td.outcome")).getText()).isEqualTo("EXECUTED");
        assertThat(row.findElement(By.cssSelector("td.action")).getText()).isEqualTo("scale_out 1/1");
        assertThat(row.findElement(By.cssSelector("td.reason")).getText()).isEqualTo("planned request by ops");
        b.await("2 nodes on the chart", () -> "2".equals(chart.getDomAttribute("data-nodes-now")));
        assertThat(b.js("return window.sameDocument")).as("the page was not reloaded").isEqualTo("yes");
        b.await("2 members listed", () -> b.driver.findElements(By.cssSelector("tr.member")).size() == 2);
        b.await("both nodes running", () -> b.driver.findElements(By.cssSelector("tr.member[data-state='RUNNING']")).size() == 2);
        b.screenshot("pool"); // the README shows it as docs/console-pool.png

        b.driver.findElement(By.cssSelector("button[data-range='6h']")).click();
        b.await("the 6 h range", () -> "6h".equals(chart.getDomAttribute("data-range")));
        assertThat(Integer.parseInt(chart.getDomAttribute("data-points"))).as("120 steps of 3 minutes (one more when now is not on a step), and now")
                .isBetween(121, 122);
        assertThat(chart.getDomAttribute("data-nodes-now")).isEqualTo("2");
        b.assertNoConsoleErrors();

        b.open("/decisions");
        b.await("the timeline", () -> !b.driver.findElements(By.cssSelector("tr.decision")).isEmpty());
        for (WebElement r : b.driver.findElements(By.cssSelector("tr.decision"))) {
            assertThat(r.findElement(By.cssSelector("td.reason")).getText()).as("reason of %s", r.getText()).isNotBlank();
        }
        WebElement refill = b.await("the rule's refill of the empty pool", () -> b.driver.findElements(By.cssSelector("tr.decision")).stream()
                .filter(r -> r.findElement(By.cssSelector("td.rule")).getText().equals("A pool below its minimum is refilled")).findFirst().orElse(null));
        assertThat(refill.findElement(By.cssSelector("td.reason")).getText()).isNotBlank();
        WebElement facts = refill.findElement(By.cssSelector("td.facts details"));
        assertThat(facts.findElement(By.tagName("ul")).isDisplayed()).as("facts folded").isFalse();
        facts.findElement(By.tagName("summary")).click();
        assertThat(b.await("the matched facts unfolded", () -> refill.findElement(By.cssSelector("td.facts ul")).isDisplayed())).isTrue();
        assertThat(refill.findElement(By.cssSelector("td.facts ul")).getText()).contains("Pool(shop");
        b.screenshot("decisions");
        b.js("const s = document.querySelector(\".filters select[name='action']\"); s.value = 'scale_in'; s.dispatchEvent(new Event('change'))");
        b.await("no scale_in row (there was none)", () -> b.driver.findElements(By.cssSelector("tr.decision")).isEmpty());
        b.js("const s = document.querySelector(\".filters select[name='action']\"); s.value = 'scale_out'; s.dispatchEvent(new Event('change'))");
        b.await("the scale_out rows only, ops's among them", () -> {
            List<WebElement> rows = b.driver.findElements(By.cssSelector("tr.decision"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> r.findElement(By.cssSelector("td.action")).getText().startsWith("scale_out"))
                    && rows.stream().anyMatch(r -> r.findElement(By.cssSelector("td.requester")).getText().equals("ops"));
        });
        b.assertNoConsoleErrors();
        b.open("/");
        assertThat(b.element(By.cssSelector("a.pool[data-pool='shop']")).getText()).contains("acme · webshop · nginx:1.27").contains("2 nodes (min 1, max 4)");
        long policyFiles;
        try (Stream<Path> files = Files.walk(rules)) { // the shipped files and queue.drl; the scenarios' folders are not policies
            policyFiles = files.filter(f -> !rules.relativize(f).startsWith("tests") && f.toString().matches(".*\\.(drl|dsl|dslr|csv|xlsx)")).count();
        }
        assertThat(b.textContaining(By.id("rules-status"), "rules v")).matches("rules v\\d+ \\(" + policyFiles + " files\\)");
        b.screenshot("pools");
        b.assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void theUsagePageDownloadsACsvWhoseTotalsAreTheApis() throws Exception {
        // acme: one node RUNNING 01:00-03:30 (2.5 node-hours); university: one node 02:00-03:00 (1 node-hour)
        influx.writeWithPrecision("console_records", "ms",
                lifecycle("acme", "shop", "webshop", "nginx:1.27", "shop-old-1", "RUNNING", "2025-11-01T01:00:00Z"),
                lifecycle("acme", "shop", "webshop", "nginx:1.27", "shop-old-1", "TERMINATED", "2025-11-01T03:30:00Z"),
                lifecycle("university", "physics-lab", "teaching-lab", "jupyter:4.2", "lab-old-1", "RUNNING", "2025-11-01T02:00:00Z"),
                lifecycle("university", "physics-lab", "teaching-lab", "jupyter:4.2", "lab-old-1", "TERMINATED", "2025-11-01T03:00:00Z"));
        Api.Answer started = api().call("POST", "/api/reports", BILLING, "{\"from\": \"2025-11-01T00:00:00Z\", \"to\": \"2025-11-02T00:00:00Z\", \"force\": true}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String run = started.json().path("id").asString();
        Browser b = browser();
        b.open("/usage#token=" + BILLING);
        b.textContaining(By.id("who"), "billing (BILLING)");
        assertThat(b.driver.findElements(By.cssSelector("#nav a")).stream().filter(WebElement::isDisplayed).map(WebElement::getText).toList())
                .as("BILLING sees usage only").containsExactly("Usage");
        WebElement csv = b.element(By.cssSelector("tr.run[data-run='" + run + "'] button.download[data-kind='CSV']"));
        b.await("the run's usage", () -> run.equals(b.driver.findElement(By.id("usage-period")).getDomAttribute("data-run")));
        String csvName = csv.getDomAttribute("data-file");
        assertThat(csvName).endsWith(".csv").doesNotEndWith(".focus.csv");
        csv.click();
        Map<String, BigDecimal> fromCsv = nodeHoursByCustomer(Files.readAllLines(b.download(csvName)));
        Map<String, BigDecimal> fromApi = new TreeMap<>();
        api().get("/api/usage?run=" + run, BILLING).path("totals").properties().forEach(e -> fromApi.put(e.getKey(), e.getValue().decimalValue()));
        assertThat(fromCsv.keySet()).containsExactly("acme", "university");
        assertThat(fromApi.keySet()).isEqualTo(fromCsv.keySet());
        fromCsv.forEach((customer, hours) -> assertThat(hours).as(customer).isEqualByComparingTo(fromApi.get(customer)));
        assertThat(fromCsv.get("acme")).isEqualByComparingTo("2.5");
        assertThat(fromCsv.get("university")).isEqualByComparingTo("1");
        assertThat(b.text(By.cssSelector("#usage-by-customer tr[data-customer='acme'] td.node-hours"))).isEqualTo("2.500000");
        b.screenshot("usage");
        b.assertNoConsoleErrors();
    }


    @Test
    @Order(4)
    void aCustomerOverQuotaGetsThe409InThePageAndNeverSeesAnotherCustomersPool() throws Exception {
        assertThat(api().call("POST", "/api/pools/physics-lab/scale", UNIVERSITY, "{\"delta\": 1}").status()).isEqualTo(200);
        assertThat(api().call("GET", "/api/pools/physics-lab", ACME, null).status()).as("the server refuses it too").isEqualTo(403);
        Browser b = browser();
        b.open("/pools/shop#token=" + ACME);
        b.textContaining(By.id("who"), "acme (CUSTOMER)");
        b.textContaining(By.id("guardrails"), "customer holds 2 of 3 nodes"); // min 1, +1 by ops
        WebElement amount = b.driver.findElement(By.cssSelector("#scale-form input[name='amount']"));
        amount.clear();
        amount.sendKeys("2"); // 2 + 2 > 3
        b.driver.findElement(By.cssSelector("#scale-form button")).click();
        String refused = b.textContaining(By.id("scale-answer"), "Refused (409)");
        assertThat(refused).contains("quota");
        amount.clear();
        amount.sendKeys("1"); // 2 + 1 = 3: within the quota
        b.driver.findElement(By.cssSelector("#scale-form button")).click();
        assertThat(b.textContaining(By.id("scale-answer"), "EXECUTED, 1 of 1 approved")).contains("customer holds 3 of a quota of 3");
        b.await("acme's request in the pool's timeline", () -> b.driver.findElements(By.cssSelector("tr.decision td.requester")).stream()
                .anyMatch(td -> td.getText().equals("acme")));
        assertThat(b.driver.findElements(By.cssSelector("#nav a")).stream().filter(WebElement::isDisplayed).map(WebElement::getText).toList())
                .containsExactly("Pools", "Decisions", "Usage");
        for (String path : List.of("/", "/pools/shop", "/decisions", "/usage")) {
            b.open(path);
            String first = b.textContaining(By.id("status"), "Updated ");
            b.await("a second refresh", () -> b.text(By.id("status")).startsWith("Updated ") && !b.text(By.id("status")).equals(first));
            assertThat(b.driver.getPageSource()).as(path).contains("shop").doesNotContain("physics-lab").doesNotContain("university");
        }
        b.open("/rules");
        b.textContaining(By.id("view"), "The CUSTOMER role cannot use this page");
        b.assertNoConsoleErrors(409);
    }


    @Test
    @Order(5)
    void aBrokenRuleSavedInTheEditorShowsItsErrorAtItsLineAndTheRunningRulesStay() throws Exception {
        long version = api().get("/api/rules", OPS).path("version").asLong();
        Browser b = browser();
        b.open("/rules#token=" + OPS);
        b.textContaining(By.id("rules-version"), "Rules v" + version);
        b.element(By.cssSelector("button[data-file='queue.drl']")).click();
        WebElement editor = b.element(By.id("rule-editor"));
        b.await("queue.drl in the editor", () -> QUEUE_RULE.equals(editor.getDomProperty("value")));
        List<String> lines = new java.util.ArrayList<>(QUEUE_RULE.lines().toList());
        int broken = lines.indexOf("    PoolMetric(pool == $pool.name, metric == \"queue_depth\", value > 10)") + 1;
        assertThat(broken).isEqualTo(6);
        lines.set(broken - 1, "    PoolMetric(pool == $pool.name, metric == \"queue_depth\", value > > 10)");
        b.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", editor, String.join("\n", lines) + "\n");

        b.driver.findElement(By.id("save")).click();
        b.textContaining(By.id("editor-result"), "Not saved, the running rules are unchanged");
        WebElement error = b.element(By.cssSelector("#editor-errors li[data-file='queue.drl']"));
        assertThat(error.getDomAttribute("data-line")).isEqualTo(String.valueOf(broken));
        assertThat(error.getText()).startsWith("queue.drl line " + broken + ":");
        assertThat(b.driver.findElements(By.cssSelector("#gutter .error-line")).stream().map(e -> e.getDomAttribute("data-line")).toList())
                .containsExactly(String.valueOf(broken));
        assertThat(api().get("/api/rules", OPS).path("version").asLong()).as("the running rules stay").isEqualTo(version);
        assertThat(Files.readString(rules.resolve("queue.drl"))).as("the file on disk stays").isEqualTo(QUEUE_RULE);

        b.driver.findElement(By.id("validate")).click();
        b.textContaining(By.id("editor-result"), "Not valid");
        assertThat(b.element(By.cssSelector("#editor-errors li[data-file='queue.drl']")).getDomAttribute("data-line")).isEqualTo(String.valueOf(broken));

        long scenarios;
        try (Stream<Path> files = Files.walk(rules.resolve("tests"))) {
            scenarios = files.filter(f -> f.toString().endsWith(".yaml")).count();
        }
        assertThat(scenarios).isGreaterThan(10);
        b.driver.findElement(By.id("run-scenarios")).click();
        b.textContaining(By.id("scenario-summary"), scenarios + " of " + scenarios + " scenarios passed");
        assertThat(b.driver.findElements(By.cssSelector("#scenarios tr.scenario.pass"))).hasSize((int) scenarios);
        b.screenshot("rules");
        b.assertNoConsoleErrors(422);
    }

    @Test
    @Order(6)
    void aBacktestFromTheRulesPageShowsWhatTheApiAnswersForTheRecordedPeriod() throws Exception {
        // shop: one node RUNNING all of 01:00-02:00, reading cpu 50 every 10 s: no rule fires (above 80 or below 20),
        // so the simulated pool keeps its one node: 1 node-hour, no SLA minute, no action; recorded 1 node-hour too
        influx.writeWithPrecision("console_records", "ms",
                lifecycle("acme", "shop", "webshop", "nginx:1.27", "shop-bt-1", "RUNNING", "2025-11-03T00:00:00Z"),
                lifecycle("acme", "shop", "webshop", "nginx:1.27", "shop-bt-1", "TERMINATED", "2025-11-03T03:00:00Z"));
        long from = java.time.Instant.parse("2025-11-03T01:00:00Z").toEpochMilli();
        List<String> cpu = new java.util.ArrayList<>();
        for (long t = from; t < from + 3_600_000; t += 10_000) cpu.add("cpu,pool=shop,node=shop-bt-1 value=50 " + t);
        influx.writeWithPrecision("console", "ms", cpu.toArray(String[]::new));

        Browser b = browser();
        b.open("/rules#token=" + OPS);
        b.element(By.id("backtest-from")).sendKeys("2025-11-03T01:00:00Z");
        b.element(By.id("backtest-to")).sendKeys("2025-11-03T02:00:00Z");
        b.element(By.id("backtest-pools")).sendKeys("shop");
        b.element(By.id("run-backtest")).click();
        b.textContaining(By.id("backtest-answer"), "Backtest of 2025-11-03T01:00:00Z to 2025-11-03T02:00:00Z");
        WebElement row = b.element(By.cssSelector("#backtest tr.backtest-pool[data-pool='shop']"));
        assertThat(new BigDecimal(row.findElement(By.cssSelector("td.node-hours")).getText())).isEqualByComparingTo("1");
        assertThat(new BigDecimal(row.findElement(By.cssSelector("td.sla-minutes")).getText())).isEqualByComparingTo("0");
        assertThat(row.findElement(By.cssSelector("td.actions")).getText()).isEqualTo("0");
        assertThat(new BigDecimal(row.findElement(By.cssSelector("td.recorded-node-hours")).getText())).isEqualByComparingTo("1");

        Api.Answer api = api().call("POST", "/api/backtests", OPS,
                "{\"from\": \"2025-11-03T01:00:00Z\", \"to\": \"2025-11-03T02:00:00Z\", \"pools\": [\"shop\"]}");
        assertThat(api.status()).as(api.body()).isEqualTo(201);
        assertThat(api.json().path("runs").get(0).path("pools").get(0).path("node_hours").decimalValue())
                .as("the page shows the API's figure").isEqualByComparingTo(row.findElement(By.cssSelector("td.node-hours")).getText());
        b.screenshot("backtest");
        b.assertNoConsoleErrors();
    }
}
