package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import com.example.aftersales.BothDatabases;

/**
 * Hostile and broken input to {@code POST /api/cases}: every answer is a 2xx or a 4xx problem+json, never a 5xx,
 * and only the cases answered 201 are recorded. The fuzz loop is seeded ({@code -Dfuzz.seed=…}, {@code -Dfuzz.runs=…})
 * so a failure can be replayed.
 */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class HostileInputTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    @Test
    @DisplayName("A JSON body over 1 MB answers 413 problem+json and is not read")
    void bodyTooLarge() throws Exception {
        ObjectNode data = example();
        ((ObjectNode) data.get("problem")).put("description", "x".repeat(1_100_000));
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(413));
    }

    @Test
    @DisplayName("JSON nested 100,000 deep answers 400 problem+json, without a stack overflow")
    void deeplyNested() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String body = example().toString().replaceFirst("\\{", "{\"extra\": " + deep + ", ");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    @DisplayName("Control characters and broken surrogates in text answer 400 naming the field; line breaks are fine in the description")
    void controlCharacters() throws Exception {
        ObjectNode data = example();
        ((ObjectNode) data.get("customer")).put("name", "Acme\u0000Mining");
        ((ObjectNode) data.get("product")).put("spec", "25 kg\u001b[31m");
        data.put("batchNumber", "B-SURROGATE");
        ((ObjectNode) data.get("problem")).put("description", "line one\nline two\tand a tab");
        // A lone surrogate as a JSON escape: Java's UTF-8 encoder would turn the char itself into '?'.
        String body = data.toString().replace("B-SURROGATE", "B\\ud800");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.containsInAnyOrder(
                        "customer.name", "product.spec", "batchNumber")))
                .andExpect(jsonPath("$.errors[?(@.field == 'customer.name')].message",
                        hasItem("must not contain control characters (U+0000 at position 4)")));
        ((ObjectNode) data.get("customer")).put("name", "Acme Mining");
        ((ObjectNode) data.get("product")).put("spec", "25 kg");
        data.put("batchNumber", "B1");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated());
    }

    @Test
    @DisplayName("Dates outside the years 1900 to 9999 and numbers out of range answer 400 naming the field")
    void outOfRange() throws Exception {
        ObjectNode data = example();
        data.put("receivedAt", "+99999-01-01T00:00:00Z");
        data.put("productionDate", "0001-01-01");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.containsInAnyOrder("receivedAt", "productionDate")));
        String huge = example().toString().replaceFirst("\"quantity\":\\s*\\d+", "\"quantity\": 99999999999999999999");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(huge))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("quantity"));
    }

    @Test
    @DisplayName("Fuzz: 400 mutated cases (wrong types, hostile text, huge numbers, broken JSON) never answer 5xx")
    void fuzz() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261120L);
        int runs = Integer.getInteger("fuzz.runs", 400);
        SplittableRandom random = new SplittableRandom(seed);
        long casesBefore = countCases();
        int created = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            byte[] body = mutated(random);
            MvcResult result = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
            int status = result.getResponse().getStatus();
            String contentType = result.getResponse().getContentType();
            if (status == 201) {
                created++;
            } else if (status >= 500 || status < 400 || contentType == null || !contentType.startsWith("application/problem+json")) {
                failures.add("run " + i + " (seed " + seed + "): " + status + " " + contentType + " for "
                        + abbreviate(new String(body, StandardCharsets.UTF_8)) + " -> " + abbreviate(result.getResponse().getContentAsString()));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(countCases() - casesBefore).as("only the cases answered 201 are recorded").isEqualTo(created);
        assertThat(created).as("some mutations are harmless and must be recorded").isPositive();
    }

    private byte[] mutated(SplittableRandom random) {
        ObjectNode data = example();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            List<ObjectNode> parents = new ArrayList<>();
            collectObjects(data, parents);
            ObjectNode parent = parents.get(random.nextInt(parents.size()));
            List<String> names = new ArrayList<>(parent.propertyNames());
            String name = names.isEmpty() || random.nextInt(10) == 0 ? "unknown" + e : names.get(random.nextInt(names.size()));
            if (random.nextInt(8) == 0) {
                parent.remove(name);
            } else {
                parent.set(name, hostileValue(random));
            }
        }
        byte[] body = data.toString().getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(12)) {
            case 0 -> { // truncated
                return java.util.Arrays.copyOf(body, random.nextInt(body.length));
            }
            case 1 -> { // a random byte somewhere
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                return body;
            }
            default -> {
                return body;
            }
        }
    }

    private JsonNode hostileValue(SplittableRandom random) {
        return switch (random.nextInt(16)) {
            case 0 -> json.getNodeFactory().nullNode();
            case 1 -> json.getNodeFactory().booleanNode(random.nextBoolean());
            case 2 -> json.getNodeFactory().numberNode(random.nextLong());
            case 3 -> json.getNodeFactory().numberNode(new java.math.BigDecimal("1e" + random.nextInt(-400, 400)));
            case 4 -> json.getNodeFactory().numberNode(random.nextDouble() * 1e6 - 5e5);
            case 5 -> json.getNodeFactory().stringNode(controlText(random));
            case 6 -> json.getNodeFactory().stringNode("x".repeat(random.nextInt(5000)));
            case 7 -> json.getNodeFactory().stringNode(new String(Character.toChars(random.nextInt(0x10000, 0x10ffff))) + "\ud83d\udca5");
            case 8 -> json.getNodeFactory().stringNode(random.nextBoolean() ? "" : "   ");
            case 9 -> json.getNodeFactory().stringNode(pick(random, "+999999999-12-31T23:59:59Z", "2026-02-30T10:00:00+08:00",
                    "2026-11-20T09:30:00+18:00", "1899-12-31T23:59:59-01:00", "9999-12-31T23:59:59-10:00", "2026-11-20",
                    "0000-01-01", "NaN", "-Infinity", "true", "12", "MISFIRE", "PRODUCT_DEFECT"));
            case 10 -> {
                ArrayNode array = json.createArrayNode();
                for (int i = random.nextInt(4); i > 0; i--) array.add(random.nextInt());
                yield array;
            }
            case 11 -> {
                JsonNode node = json.getNodeFactory().stringNode("deep");
                for (int i = random.nextInt(1, 300); i > 0; i--) node = json.createArrayNode().add(node);
                yield node;
            }
            case 12 -> json.createObjectNode().put("cause", "PRODUCT_DEFECT").put("directLossCny", random.nextLong());
            case 13 -> json.getNodeFactory().numberNode(random.nextInt(-3, 100_000));
            case 14 -> json.getNodeFactory().stringNode("'; drop table aftersales_case; --");
            default -> json.getNodeFactory().numberNode(new java.math.BigDecimal(random.nextLong() + "." + Math.abs(random.nextLong())));
        };
    }

    private static String controlText(SplittableRandom random) {
        StringBuilder text = new StringBuilder("T");
        for (int i = random.nextInt(1, 6); i > 0; i--) {
            text.append(random.nextBoolean() ? (char) random.nextInt(0, 0x20) : (char) random.nextInt(0x7f, 0xa0));
            if (random.nextInt(5) == 0) text.append((char) random.nextInt(0xd800, 0xe000));
        }
        return text.toString();
    }

    private static String pick(SplittableRandom random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
            object.properties().forEach(e -> collectObjects(e.getValue(), into));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    private long countCases() {
        return jdbc.sql("select count(*) from aftersales_case").query(Long.class).single();
    }

    private ObjectNode example() {
        try {
            ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
            data.put("externalRef", "FUZZ-" + UUID.randomUUID());
            return data;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
