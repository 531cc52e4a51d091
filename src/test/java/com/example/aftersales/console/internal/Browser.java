package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium on the console of a test server, for the browser tests: sign in, open, wait, take
 * screenshots, fetch a link with the browser's session. Without chromium and chromium-driver the test is skipped,
 * except under CI=true, where it fails.
 *
 * <p>Chromium is started once per language in a test JVM and lent to one test class after the other ({@link #close()}
 * gives it back; the JVM's end quits it): each class gets it as a new one would be — no cookie (so no session), an empty
 * cache, the window 1280 × 1000 on a blank page, its console read empty.
 */
final class Browser implements AutoCloseable {

    /**
     * Debian's Chromium as its headless shell (package chromium-headless-shell: the same Blink without the desktop
     * browser around it, about a quarter less CPU for the same pages), else the full browser in headless
     * mode; {@code -Dbrowser.binary} names another.
     */
    static final Path CHROMIUM = Path.of(System.getProperty("browser.binary",
            Files.isExecutable(Path.of("/usr/lib/chromium/chromium-headless-shell"))
                    ? "/usr/lib/chromium/chromium-headless-shell" : "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the screenshots go: target/ on every run; {@code -Dscreenshots.dir=docs/screenshots} refreshes the README's. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    /** The Chromiums not lent, by language; quit when the JVM ends. */
    private static final Map<String, java.util.Deque<ChromeDriver>> IDLE = new java.util.HashMap<>();
    private static final List<ChromeDriver> STARTED = new java.util.ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IDLE) {
                STARTED.forEach(d -> {
                    try {
                        d.quit();
                    } catch (RuntimeException e) {
                        // gone already
                    }
                });
            }
        }, "chromium-quit"));
    }

    final WebDriver driver;
    private final int port;
    private final String language;
    private boolean closed;

    private Browser(ChromeDriver driver, int port, String language) {
        this.driver = driver;
        this.port = port;
        this.language = language;
    }

    /** Starts Chromium for the server on {@code port}, in English. */
    static Browser start(int port) throws IOException {
        return start(port, "en-US");
    }

    /** Starts Chromium asking for pages in {@code language} (a tag such as {@code zh-CN}) first, then English. */
    static Browser start(int port, String language) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "Chromium or ChromeDriver is missing (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeDriver idle;
        synchronized (IDLE) {
            idle = IDLE.getOrDefault(language, new java.util.ArrayDeque<>()).poll();
        }
        if (idle != null) {
            try {
                asNew(idle);
                return new Browser(idle, port, language);
            } catch (RuntimeException e) {
                quit(idle); // not usable any more: a new one
            }
        }
        ChromeDriver driver = launch(language);
        synchronized (IDLE) {
            STARTED.add(driver);
        }
        return new Browser(driver, port, language);
    }

    /** A Chromium lent before, as a new one: no cookie, an empty cache, a blank page at 1280 × 1000, its console read. */
    private static void asNew(ChromeDriver driver) {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.manage().window().setSize(new Dimension(1280, 1000));
        driver.manage().logs().get(LogType.BROWSER);
    }

    private static void quit(ChromeDriver driver) {
        synchronized (IDLE) {
            STARTED.remove(driver);
        }
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // gone already
        }
    }

    private static ChromeDriver launch(String language) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without these, Chromium waits on the network this machine does not have
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=" + language,
                // as people who ask their system for less motion: the console's charts are drawn at once, not
                // animated in (console.js), which ImpactBrowserTest checks (Chromium's CPU the same either way)
                "--force-prefers-reduced-motion");
        if (!CHROMIUM.getFileName().toString().contains("headless-shell")) {
            // the shell started with a folder of its own is never found by ChromeDriver ("unable to discover open
            // pages"); ChromeDriver gives it one of its own making
            options.addArguments("--user-data-dir=" + Files.createTempDirectory("console-chromium"));
        }
        String accept = language.startsWith("en") ? language + ",en" : language + "," + language.split("-")[0] + ",en";
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", accept));
        options.addArguments("--accept-lang=" + accept); // the shell's way: it keeps no preferences
        // the browser's console (script errors, Content-Security-Policy violations), for browserLog()
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
        return driver;
    }

    /** Gives Chromium back, for the next test class of this JVM (a blank page now: nothing of this server is left open). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChromeDriver chromium = (ChromeDriver) driver;
        try {
            chromium.get("about:blank");
        } catch (RuntimeException e) {
            quit(chromium);
            return;
        }
        synchronized (IDLE) {
            IDLE.computeIfAbsent(language, k -> new java.util.ArrayDeque<>()).push(chromium);
        }
    }

    /** Signs in as the administrator. */
    void logIn(String adminPassword) {
        logIn("admin", adminPassword);
    }

    void logIn(String username, String password) {
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/console"));
    }

    void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits for the element of {@code id} to have the attribute's value, through page reloads. */
    void waitForAttribute(String id, String attribute, String value) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#" + id + "[" + attribute + "='" + value + "']")));
    }

    void waitForText(By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(by, text));
    }

    /** Sets an input's value as a script does (date and time inputs take keys in the browser's locale's order). */
    void setValue(WebElement input, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", input, value);
    }

    /** Scrolls the page so that the element is at the top of the window (for a screenshot of what lies below). */
    void scrollTo(By by) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true);", driver.findElement(by));
    }

    void screenshot(String name) throws IOException {
        driver.manage().window().setSize(new Dimension(1280, 1000));
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** What the pages wrote to the browser's console since the last call, one line per entry. */
    List<String> browserLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** A link's content, fetched with the browser's session (so it works behind the sign-in too). */
    byte[] download(String url, String contentType) throws Exception {
        String cookies = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains(contentType);
        return response.body();
    }
}
