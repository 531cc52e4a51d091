package com.example.aftersales;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseData;

/**
 * The example case ({@code docs/examples/case.json}) as the tests on the {@link SharedContext} record it: with a
 * reference of its own (the prefix and a random part: the shared database keeps every test's cases), and, where a
 * time is given, received then and produced two months before (the follow-up's lists and pages show recent cases).
 */
public final class ExampleCase {

    private static final Path FILE = Path.of("docs/examples/case.json");

    private ExampleCase() {
    }

    /** The example case as in the file (received 2026-11-20), with a reference of its own. */
    public static CaseData withReference(JsonMapper json, String prefix) throws IOException {
        return json.readValue(text(prefix), CaseData.class);
    }

    /** The example case with a reference of its own, received at {@code received}, produced two months before. */
    public static CaseData receivedAt(JsonMapper json, String prefix, OffsetDateTime received) throws IOException {
        return json.readValue(text(prefix)
                .replace("2026-11-20T09:30:00+08:00", received.toString())
                .replace("2026-06-01", received.toLocalDate().minusMonths(2).toString()), CaseData.class);
    }

    private static String text(String prefix) throws IOException {
        return Files.readString(FILE).replace("CRM-2026-000123", prefix + UUID.randomUUID());
    }
}
