package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.SharedContext;
import com.example.aftersales.bench.RandomCases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.demo.DemoHistory;

/**
 * A replay reads each case's recorded facts with a streaming parse ({@link RecordedFacts}) instead of the application's
 * JsonMapper: it must answer exactly what the mapper answers, and read every case the mapper wrote itself.
 */
@SharedContext
class RecordedFactsTest {

    @Autowired
    JsonMapper json;

    @Test
    void readsWhatTheMapperWroteExactlyAsTheMapperReadsIt() {
        List<CaseData> cases = new ArrayList<>();
        new DemoHistory(42, 3_000).forEach(cases::add);
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 3_000; i++) {
            cases.add(json.readValue(RandomCases.randomCase(r, "F-" + i), CaseData.class));
        }
        CaseData c = cases.get(0);
        OffsetDateTime received = OffsetDateTime.of(2026, 3, 1, 23, 30, 5, 120_000_000, ZoneOffset.ofHoursMinutes(-5, -30));
        cases.add(new CaseData(null, received, c.channel(), new CaseData.Customer("\"引号\"\n\\ \u0001 ✓", "Hunan", null),
                c.responsibleUnit(), new CaseData.Product("P", null, "DETONATOR", null, null), c.batchNumber(),
                LocalDate.of(1, 1, 1), c.productionSite(), Integer.MAX_VALUE, new CaseData.Problem("MISFIRE", null),
                null, new CaseData.Findings("UNDETERMINED", null, null, new BigDecimal("1E+3"), null,
                        new BigDecimal("0.10"), null, null)));
        cases.add(new CaseData("R", received.withOffsetSameLocal(ZoneOffset.UTC), null, null, null, null, null, null, null,
                null, null, null, null));

        for (CaseData data : cases) {
            String facts = json.writeValueAsString(data);
            CaseData streamed = RecordedFacts.streamed(json, facts);
            assertThat(streamed).as(facts).isNotNull().isEqualTo(json.readValue(facts, CaseData.class));
            assertThat(streamed.receivedAt().getOffset()).isEqualTo(data.receivedAt().getOffset());
        }
    }

    @Test
    void leavesToTheMapperWhatTheMapperDidNotWriteItself() {
        String facts = json.writeValueAsString(new DemoHistory(42, 1).iterator().next());
        for (String other : new String[] {
                facts.replaceFirst("\"quantity\":(\\d+)", "\"quantity\":\"$1\""),                  // a number as text
                facts.replaceFirst("\"receivedAt\":\"([^\"]+)\\+08:00\"", "\"receivedAt\":\"$1+0800\""), // another date form
                facts.replaceFirst("\\{", "{\"unknown\":[1,{\"a\":2}],"),                          // a property it does not know
                facts.replaceFirst("\"regulated\":(true|false)", "\"regulated\":\"$1\"")}) {
            assertThat(other).isNotEqualTo(facts);
            assertThat(RecordedFacts.streamed(json, other)).as(other).isNull();
            assertThat(RecordedFacts.read(json, other)).isEqualTo(json.readValue(other, CaseData.class));
        }
    }
}
