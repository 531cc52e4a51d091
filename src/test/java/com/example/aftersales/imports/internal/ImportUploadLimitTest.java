package com.example.aftersales.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.security.internal.Accounts;
import com.example.aftersales.security.Role;

/**
 * The upload limit in the real servlet container (MockMvc does not enforce multipart limits). On H2 alone: the body is
 * refused before anything is read or stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ImportUploadLimitTest {

    private static final String PASSWORD = "upload-limit-password";

    @org.springframework.beans.factory.annotation.Autowired
    Accounts accounts;
    @LocalServerPort
    int port;

    @Test
    @DisplayName("A multipart upload over 20 MB is refused by the server with 413 problem+json")
    void overTwentyMegabytes() throws Exception {
        String analyst = "analyst-" + java.util.UUID.randomUUID();
        accounts.createUser(analyst, PASSWORD, java.util.Set.of(Role.ANALYST), "test");
        byte[] big = new byte[20 * 1024 * 1024 + 10];
        Arrays.fill(big, (byte) 'a');
        String boundary = "----import-limit-test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(big);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(URI.create("http://localhost:" + port + "/api/cases/import"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                .encodeToString((analyst + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }
}
