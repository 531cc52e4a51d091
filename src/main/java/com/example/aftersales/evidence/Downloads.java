package com.example.aftersales.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * How a file of the case file is served: always as an attachment to save ({@code Content-Disposition: attachment}
 * with the sanitised name), with its detected type, {@code X-Content-Type-Options: nosniff} and a
 * {@code Content-Security-Policy} that sandboxes it and allows nothing, so that no browser renders or runs it as a
 * page of this service, whatever it holds. Not cached by proxies.
 */
public final class Downloads {

    /** Nothing may run, load or be framed; a browser that shows it anyway shows it in a sandbox of its own. */
    public static final String SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'none'";

    private Downloads() {
    }

    /** The headers of a download of {@code name}, of {@code type} and {@code length} bytes. */
    public static void headers(HttpServletResponse response, String name, String type, long length) {
        response.setContentType(type.startsWith("text/") ? type + ";charset=UTF-8" : type);
        if (length >= 0) response.setContentLengthLong(length);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", SANDBOX);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
    }

    /** Serves a file of the case file: checked first (size and SHA-256), then sent. */
    public static void send(EvidenceService service, Evidence evidence, HttpServletResponse response) throws IOException {
        try (InputStream in = service.open(evidence)) {
            headers(response, evidence.fileName(), evidence.mediaType(), evidence.size());
            in.transferTo(response.getOutputStream());
        }
    }
}
