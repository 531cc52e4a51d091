package com.example.aftersales.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.aftersales.PackagedService;

/**
 * A crash during uploads leaves every attachment whole or absent (the uploads' share of {@code cases.KillNineIT}, which
 * kills the packaged jar once per database while cases, an import, a replay and these uploads are all in flight):
 * clients attach 1 MB files to a case, and one 3 MB upload trickles in 32 KB at a time, its last 4 KB a byte a second,
 * so that the kill always cuts it short. After the next start: every attachment acknowledged
 * with 201 is listed; every listed attachment is served whole (its SHA-256 checked by the service and again here); the
 * upload cut short is not listed; no file in the store outside its staging folder is half-written.
 */
public final class UploadsUnderKill {

    /** The settings the uploads need: more attachments to a case than the shipped limits allow. */
    public static final List<String> SETTINGS = List.of("--aftersales.evidence.max-files-per-case=1000",
            "--aftersales.evidence.max-total-per-case=2GB");

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private final PackagedService service;
    private final HttpClient http;
    private final String key;
    private final long caseId;
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // evidence id → sha256
    private final Set<String> sent = ConcurrentHashMap.newKeySet(); // the sha256 of every file sent whole
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String slowSha;
    private long startedAt;

    private UploadsUnderKill(PackagedService service, String key) throws Exception {
        this.service = service;
        this.http = service.http();
        this.key = key;
        this.caseId = registerCase();
        byte[] slow = pdfBytes(new Random(7), 3 << 20);
        slowSha = sha256(slow);
        sent.add(slowSha);
        daemon(new Thread(() -> trickle(slow), "trickle"));
        for (int c = 0; c < 4; c++) {
            int client = c;
            daemon(new Thread(() -> upload(client), "uploads-" + client));
        }
        startedAt = System.nanoTime();
    }

    private static void daemon(Thread thread) {
        thread.setDaemon(true);
        thread.start();
    }

    /** Registers a case and starts attaching files to it (with a system's API key); they go on until the kill. */
    public static UploadsUnderKill start(PackagedService service, String key) throws Exception {
        return new UploadsUnderKill(service, key);
    }

    /**
     * Waits until the clients have sent for at least 4 s and more than 10 attachments were acknowledged (60 s at most):
     * then the process may be killed, the clients still sending.
     */
    public void awaitEnough() throws InterruptedException {
        while (System.nanoTime() - startedAt < Duration.ofSeconds(4).toNanos()
                || acknowledged.size() <= 10 && System.nanoTime() - startedAt < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(50);
        }
    }

    /** After the kill: the clients stop (they also stop on their own when the process is gone). */
    public int killed() {
        running.set(false);
        assertThat(acknowledged).as("attachments acknowledged before the kill").hasSizeGreaterThan(5);
        return acknowledged.size();
    }

    /** On the next start, in the folder {@code dir} whose data/evidence is the store: what the kill left. */
    public void checkAfterRestart(Path dir) throws Exception {
        String list = get("/api/cases/" + caseId + "/evidence").body();
        Map<Long, String> listed = new HashMap<>();
        Matcher m = Pattern.compile("\"id\":(\\d+),\"caseId\":\\d+,.*?\"sha256\":\"([0-9a-f]{64})\"").matcher(list);
        while (m.find()) listed.put(Long.parseLong(m.group(1)), m.group(2));
        assertThat(listed).as("every acknowledged attachment is listed, with its checksum").containsAllEntriesOf(acknowledged);
        assertThat(listed.values()).as("the upload cut short by the kill is not listed").doesNotContain(slowSha);
        for (Map.Entry<Long, String> e : listed.entrySet()) {
            HttpResponse<byte[]> file = http.send(request("/api/cases/" + caseId + "/evidence/" + e.getKey() + "/content")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).as("attachment " + e.getKey() + " served whole").isEqualTo(200);
            assertThat(sha256(file.body())).isEqualTo(e.getValue());
        }
        Path store = dir.resolve("data/evidence");
        int unlisted = 0;
        try (Stream<Path> files = Files.walk(store)) {
            List<Path> outside = files.filter(Files::isRegularFile)
                    .filter(f -> !store.relativize(f).startsWith(FileEvidenceStore.INCOMING)).toList();
            for (Path f : outside) {
                // a file the kill left between its move and its row names no attachment; but it is whole: one
                // of the files sent, never a part of one
                String sha = sha256(Files.readAllBytes(f));
                assertThat(sent).as("file " + f + " is a whole file that was sent").contains(sha);
                if (!listed.containsValue(sha)) unlisted++;
            }
            assertThat(unlisted).as("files moved into place whose row the kill stopped: at most one per client")
                    .isLessThanOrEqualTo(5);
            System.out.printf("%d files in the store, %d listed attachments, %d whole files without a row%n",
                    outside.size(), listed.size(), unlisted);
        }
    }

    /** A client attaching 1 MB files while the uploads run, and still while the process dies. */
    private void upload(int client) {
        Random random = new Random(client);
        while (running.get()) {
            byte[] bytes = pdfBytes(random, 1 << 20);
            sent.add(sha256(bytes));
            try {
                HttpResponse<String> response = http.send(multipart(bytes, "client " + client)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher id = ID.matcher(response.body());
                if (response.statusCode() == 201 && id.find()) {
                    acknowledged.put(Long.parseLong(id.group(1)), sha256(bytes));
                }
            } catch (IOException | InterruptedException e) {
                return; // the process is gone
            }
        }
    }

    /**
     * An upload sent 32 KB every 100 ms but for its last 4 KB, which follow a byte a second: it is still arriving when
     * the process is killed, however long the rest of the test takes to get there (an hour at most).
     */
    private void trickle(byte[] bytes) {
        String boundary = "trickle";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nslow\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        int piece = 32 * 1024;
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/cases/" + caseId + "/evidence HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + (head.length + bytes.length + tail.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            int last = bytes.length - 4096;
            for (int at = 0; at < last; at += piece) {
                out.write(bytes, at, Math.min(piece, last - at));
                out.flush();
                Thread.sleep(100);
            }
            // then a byte a second (never silent for long: no read timeout ends it), until the process is gone
            for (int at = last; at < bytes.length && running.get(); at++) {
                out.write(bytes, at, 1);
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException e) {
            // the process was killed while the upload was arriving: expected
        }
    }

    private long registerCase() throws Exception {
        HttpResponse<String> created = http.send(request("/api/cases").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of("docs/examples/case.json")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"caseId\":(\\d+)").matcher(created.body());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static byte[] pdfBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 9);
        return bytes;
    }

    private HttpRequest.Builder multipart(byte[] bytes, String description) {
        String boundary = "b" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n" + description
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return request("/api/cases/" + caseId + "/evidence")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, bytes, tail)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(service.uri(path)).header("X-API-Key", key);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
