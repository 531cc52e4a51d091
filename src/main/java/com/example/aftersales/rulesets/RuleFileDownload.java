package com.example.aftersales.rulesets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A stored rule file as a download, byte for byte: the .xlsx or .xls a quality manager opens in Excel, or a DRL, table definition or scenario file. */
public final class RuleFileDownload {

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final MediaType XLS = MediaType.parseMediaType("application/vnd.ms-excel");
    private static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=UTF-8");

    private RuleFileDownload() {
    }

    /** The file {@code name} of {@code version} (a path variable, with or without its leading slash). */
    public static ResponseEntity<byte[]> of(RulesetStore store, String version, String name) {
        String file = name.startsWith("/") ? name.substring(1) : name;
        byte[] content = store.file(version, file);
        return ResponseEntity.ok().contentType(file.endsWith(".xlsx") ? XLSX : file.endsWith(".xls") ? XLS : TEXT)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.substring(file.lastIndexOf('/') + 1)).build().toString())
                .body(content);
    }
}
