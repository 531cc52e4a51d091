package com.example.aftersales.replay;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseData;

/**
 * Reads the facts an evaluation recorded ({@code facts_json}: a {@link CaseData} as the service's JsonMapper wrote it)
 * with one pass of Jackson's streaming parser instead of data binding, and its dates without a
 * {@link java.time.format.DateTimeFormatter}: a replay reads one for every case, and binding it cost about as much as
 * the rules. Exact by construction: it reads only what the mapper writes — its property names, JSON types and ISO
 * dates as {@code toString()} writes them — and anything else (a property or a token it does not know, a date in
 * another form) is read by the JsonMapper itself, so the answer is always what {@code readValue} answers.
 */
final class RecordedFacts {

    private RecordedFacts() {
    }

    static CaseData read(JsonMapper json, String facts) {
        CaseData data = streamed(json, facts);
        return data != null ? data : json.readValue(facts, CaseData.class);
    }

    /** The facts read in one streaming pass; null when they are not as the mapper writes them. */
    static CaseData streamed(JsonMapper json, String facts) {
        try (JsonParser p = json.createParser(facts)) {
            CaseData data = caseData(p);
            return p.nextToken() == null ? data : null;
        } catch (JacksonException | NotCanonical e) {
            return null;
        }
    }

    /** Something the streaming read does not know: the mapper reads the facts instead. */
    private static final class NotCanonical extends RuntimeException {
        NotCanonical() {
            super(null, null, false, false);
        }
    }

    private static final NotCanonical NOT_CANONICAL = new NotCanonical();

    private static CaseData caseData(JsonParser p) {
        start(p, p.nextToken());
        String externalRef = null;
        OffsetDateTime receivedAt = null;
        String channel = null;
        CaseData.Customer customer = null;
        CaseData.ResponsibleUnit unit = null;
        CaseData.Product product = null;
        String batchNumber = null;
        LocalDate productionDate = null;
        String productionSite = null;
        Integer quantity = null;
        CaseData.Problem problem = null;
        Boolean remoteReplyPossible = null;
        CaseData.Findings findings = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "externalRef" -> externalRef = text(p, t);
                case "receivedAt" -> receivedAt = offsetDateTime(text(p, t));
                case "channel" -> channel = text(p, t);
                case "customer" -> customer = t == JsonToken.VALUE_NULL ? null : customer(p, t);
                case "responsibleUnit" -> unit = t == JsonToken.VALUE_NULL ? null : unit(p, t);
                case "product" -> product = t == JsonToken.VALUE_NULL ? null : product(p, t);
                case "batchNumber" -> batchNumber = text(p, t);
                case "productionDate" -> productionDate = localDate(text(p, t));
                case "productionSite" -> productionSite = text(p, t);
                case "quantity" -> quantity = integer(p, t);
                case "problem" -> problem = t == JsonToken.VALUE_NULL ? null : problem(p, t);
                case "remoteReplyPossible" -> remoteReplyPossible = bool(t);
                case "findings" -> findings = t == JsonToken.VALUE_NULL ? null : findings(p, t);
                default -> throw NOT_CANONICAL;
            }
        }
        return new CaseData(externalRef, receivedAt, channel, customer, unit, product, batchNumber, productionDate,
                productionSite, quantity, problem, remoteReplyPossible, findings);
    }

    private static CaseData.Customer customer(JsonParser p, JsonToken t) {
        start(p, t);
        String name = null;
        String province = null;
        String contact = null;
        for (String n = p.nextName(); n != null; n = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (n) {
                case "name" -> name = text(p, v);
                case "province" -> province = text(p, v);
                case "contact" -> contact = text(p, v);
                default -> throw NOT_CANONICAL;
            }
        }
        return new CaseData.Customer(name, province, contact);
    }

    private static CaseData.ResponsibleUnit unit(JsonParser p, JsonToken t) {
        start(p, t);
        String code = null;
        String province = null;
        for (String n = p.nextName(); n != null; n = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (n) {
                case "code" -> code = text(p, v);
                case "province" -> province = text(p, v);
                default -> throw NOT_CANONICAL;
            }
        }
        return new CaseData.ResponsibleUnit(code, province);
    }

    private static CaseData.Product product(JsonParser p, JsonToken t) {
        start(p, t);
        String code = null;
        String name = null;
        String category = null;
        String spec = null;
        Boolean regulated = null;
        for (String n = p.nextName(); n != null; n = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (n) {
                case "code" -> code = text(p, v);
                case "name" -> name = text(p, v);
                case "category" -> category = text(p, v);
                case "spec" -> spec = text(p, v);
                case "regulated" -> regulated = bool(v);
                default -> throw NOT_CANONICAL;
            }
        }
        return new CaseData.Product(code, name, category, spec, regulated);
    }

    private static CaseData.Problem problem(JsonParser p, JsonToken t) {
        start(p, t);
        String category = null;
        String description = null;
        for (String n = p.nextName(); n != null; n = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (n) {
                case "category" -> category = text(p, v);
                case "description" -> description = text(p, v);
                default -> throw NOT_CANONICAL;
            }
        }
        return new CaseData.Problem(category, description);
    }

    private static CaseData.Findings findings(JsonParser p, JsonToken t) {
        start(p, t);
        String cause = null;
        Boolean repairable = null;
        Boolean onSite = null;
        BigDecimal loss = null;
        Boolean claimed = null;
        BigDecimal remedyValue = null;
        Integer staff = null;
        Boolean representative = null;
        for (String n = p.nextName(); n != null; n = p.nextName()) {
            JsonToken v = p.nextToken();
            switch (n) {
                case "cause" -> cause = text(p, v);
                case "repairable" -> repairable = bool(v);
                case "problemProductOnSite" -> onSite = bool(v);
                case "directLossCny" -> loss = decimal(p, v);
                case "compensationClaimed" -> claimed = bool(v);
                case "remedyValueCny" -> remedyValue = decimal(p, v);
                case "staffDispatched" -> staff = integer(p, v);
                case "representative" -> representative = bool(v);
                default -> throw NOT_CANONICAL;
            }
        }
        return new CaseData.Findings(cause, repairable, onSite, loss, claimed, remedyValue, staff, representative);
    }

    private static void start(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            throw NOT_CANONICAL;
        }
    }

    private static String text(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NOT_CANONICAL;
    }

    private static Boolean bool(JsonToken t) {
        return switch (t) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw NOT_CANONICAL;
        };
    }

    private static Integer integer(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NOT_CANONICAL;
    }

    private static BigDecimal decimal(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NOT_CANONICAL;
    }

    private static LocalDate localDate(String s) {
        LocalDate date = s == null ? null : IsoTimes.localDate(s);
        if (s != null && date == null) {
            throw NOT_CANONICAL;
        }
        return date;
    }

    private static OffsetDateTime offsetDateTime(String s) {
        OffsetDateTime time = s == null ? null : IsoTimes.offsetDateTime(s);
        if (s != null && time == null) {
            throw NOT_CANONICAL;
        }
        return time;
    }
}
