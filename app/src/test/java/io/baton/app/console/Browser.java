package io.baton.app.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never a downloaded browser or driver), with a
 * fresh profile and a download folder of its own. Waits poll the page until a condition holds, and fail with what
 * the page showed when it never does.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    final ChromeDriver driver;
    final Path downloads;
    private final String base;

    Browser(String base, Path dir) throws IOException {
        if (!Files.isExecutable(CHROMIUM)) throw new IllegalStateException("Debian's chromium is not installed (apt-get install -y chromium)");
        if (!Files.isExecutable(CHROMEDRIVER)) throw new IllegalStateException("Debian's chromium-driver is not installed (apt-get install -y chromium-driver)");
        this.base = base;
        this.downloads = Files.createDirectories(dir.resolve("downloads"));
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1800",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        driver = new ChromeDriver(service, o);
    }

    /** Opens a path of Baton, e.g. {@code /pools/shop#token=...}. */
    void open(String path) {
        driver.get(base + path);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until {@code value} gives a non-null, non-false answer, and returns it. */
    <T> T await(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = value.get();
                if (v != null && !Boolean.FALSE.equals(v)) return v;
            } catch (WebDriverException | IllegalStateException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("the page never showed " + what + (last == null ? "" : " (" + last.getMessage().lines().findFirst().orElse("") + ")")
                + "\n---- status: " + text(By.id("status")) + "\n---- page text:\n" + text(By.tagName("body")));
    }

    /** The visible text of the first element found, or "" when there is none. */
    String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** Waits for an element that is displayed. */
    WebElement element(By by) {
        return await(by.toString(), () -> driver.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits until the element's text contains {@code part}; the text. */
    String textContaining(By by, String part) {
        return await("'" + part + "' in " + by, () -> {
            String t = text(by);
            return t.contains(part) ? t : null;
        });
    }

    /** The page's screenshot, written to {@code target/console-NAME.png}. */
    Path screenshot(String name) throws IOException {
        Path out = Path.of("target", "console-" + name + ".png");
        Files.createDirectories(out.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** Waits for a finished download named {@code name} (Chromium writes a .crdownload file until it is done). */
    Path download(String name) {
        Path f = downloads.resolve(name);
        return await("the download " + name, () -> Files.exists(f) && !Files.exists(downloads.resolve(name + ".crdownload")) ? f : null);
    }

    /**
     * Fails on any error the page's console logged since the last call: a script error, a resource that did not
     * load, or anything the Content-Security-Policy refused. Failed API calls that the page shows on purpose (a 409
     * over quota, a 422 for a broken rule) are let through by the statuses given.
     */
    void assertNoConsoleErrors(int... shownStatuses) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(m -> java.util.Arrays.stream(shownStatuses).noneMatch(s -> m.contains("responded with a status of " + s + " "))).toList();
        if (!errors.isEmpty()) throw new AssertionError("the browser's console logged errors:\n" + String.join("\n", errors));
    }

    @Override public void close() {
        driver.quit();
    }
}
