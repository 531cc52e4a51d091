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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.aftersales.PackagedService;
import com.example.aftersales.PostgresTestDatabase;

/**
 * A crash during uploads leaves every attachment whole or absent: the packaged jar runs in its own process while
 * clients attach files to a case (and one upload trickles in slowly), is killed with SIGKILL, and started again on the
 * same database and evidence folder. Every attachment acknowledged with 201 is listed; every listed attachment is
 * served whole (its SHA-256 checked by the service and again here); the upload cut short by the kill is not listed;
 * no file in the store outside its staging folder is half-written. On the embedded default (H2 file, the store
 * beside it) and on PostgreSQL. Run by failsafe after {@code package}, like cases.KillNineIT.
 */
class EvidenceKillNineIT {

    private static final String ADMIN_PASSWORD = "evidence-kill-nine-admin";
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @TempDir
    Path dir;

    private PackagedService service;
    private HttpClient http;

    @Test
    void h2FileLeavesEveryAttachmentWholeOrAbsent() throws Exception {
        survivesKillNine(List.of(), Map.of());
    }

    @Test
    void postgresLeavesEveryAttachmentWholeOrAbsent() throws Exception {
        String url = PostgresTestDatabase.fresh("evidence_kill");
        survivesKillNine(List.of("--spring.profiles.active=postgres"), Map.of("POSTGRES_URL", url));
    }

    private void survivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        args = new ArrayList<>(args);
        args.add("--aftersales.evidence.max-files-per-case=1000");
        args.add("--aftersales.evidence.max-total-per-case=2GB");
        service = new PackagedService(dir, ADMIN_PASSWORD, args, env);
        http = service.http();
        int port = service.port();
        Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // evidence id → sha256
        Set<String> sent = ConcurrentHashMap.newKeySet(); // the sha256 of every file sent whole, acknowledged or not
        Process first = service.start("first");
        String key;
        long caseId;
        String slowSha;
        try {
            key = service.systemKey("uploads");
            caseId = registerCase(port, key);
            byte[] slow = pdfBytes(new Random(7), 3 << 20);
            slowSha = sha256(slow);
            sent.add(slowSha);
            Thread trickle = new Thread(() -> trickle(port, key, caseId, slow));
            trickle.start();
            upload(port, key, caseId, acknowledged, sent, Duration.ofSeconds(4));
        } finally {
            PackagedService.kill(first); // no shutdown hook, no flush, uploads in flight
        }
        System.out.printf("%s: %d attachments acknowledged before the kill%n", args, acknowledged.size());
        assertThat(acknowledged).as("attachments acknowledged before the kill").hasSizeGreaterThan(5);

        Process second = service.start("second");
        try {
            String list = get(port, key, "/api/cases/" + caseId + "/evidence").body();
            Map<Long, String> listed = new java.util.HashMap<>();
            Matcher m = Pattern.compile("\"id\":(\\d+),\"caseId\":\\d+,.*?\"sha256\":\"([0-9a-f]{64})\"").matcher(list);
            while (m.find()) listed.put(Long.parseLong(m.group(1)), m.group(2));
            assertThat(listed).as("every acknowledged attachment is listed, with its checksum").containsAllEntriesOf(acknowledged);
            assertThat(listed.values()).as("the upload cut short by the kill is not listed").doesNotContain(slowSha);
            for (Map.Entry<Long, String> e : listed.entrySet()) {
                HttpResponse<byte[]> file = http.send(request(port, key, "/api/cases/" + caseId + "/evidence/" + e.getKey() + "/content")
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
        } finally {
            PackagedService.stop(second);
        }
    }

    /** Clients attach 1 MB files until the time is up and enough were acknowledged, and still while the process dies. */
    private void upload(int port, String key, long caseId, Map<Long, String> acknowledged, Set<String> sent,
                        Duration duration) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                Random random = new Random(client);
                while (running.get()) {
                    byte[] bytes = pdfBytes(random, 1 << 20);
                    sent.add(sha256(bytes));
                    try {
                        HttpResponse<String> response = http.send(multipart(port, key, caseId, bytes, "client " + client)
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        Matcher id = ID.matcher(response.body());
                        if (response.statusCode() == 201 && id.find()) {
                            acknowledged.put(Long.parseLong(id.group(1)), sha256(bytes));
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the process is gone
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < duration.toNanos()
                || acknowledged.size() <= 10 && System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(50);
        }
        // the kill comes while the clients are still sending
    }

    /** An upload sent 32 KB at a time, so that it is still arriving when the process is killed. */
    private void trickle(int port, String key, long caseId, byte[] bytes) {
        String boundary = "trickle";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nslow\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/cases/" + caseId + "/evidence HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + (head.length + bytes.length + tail.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            for (int at = 0; at < bytes.length; at += 32 * 1024) {
                out.write(bytes, at, Math.min(32 * 1024, bytes.length - at));
                out.flush();
                Thread.sleep(100);
            }
            out.write(tail);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the process was killed while the upload was arriving: expected
        }
    }

    private static byte[] pdfBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 9);
        return bytes;
    }

    private HttpRequest.Builder multipart(int port, String key, long caseId, byte[] bytes, String description) {
        String boundary = "b" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n" + description
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return request(port, key, "/api/cases/" + caseId + "/evidence")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, bytes, tail)));
    }

    private HttpRequest.Builder request(int port, String key, String path) {
        return HttpRequest.newBuilder(service.uri(path)).header("X-API-Key", key);
    }

    private HttpResponse<String> get(int port, String key, String path) throws Exception {
        return http.send(request(port, key, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long registerCase(int port, String key) throws Exception {
        HttpResponse<String> created = http.send(request(port, key, "/api/cases").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of("docs/examples/case.json")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"caseId\":(\\d+)").matcher(created.body());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
