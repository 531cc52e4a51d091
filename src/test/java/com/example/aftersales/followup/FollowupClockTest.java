package com.example.aftersales.followup;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import com.example.aftersales.BothDatabases;

/**
 * "Now" is the application's {@link Clock}: with a fixed clock, the overdue and due lists without {@code at}, the
 * monthly summary without {@code at}, and the events' {@code recordedAt} and future check all read that moment.
 */
@BothDatabases
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FollowupClockTest extends FollowupTestSupport {

    /** 2022-09-06 11:30 in Shanghai: two hours after the example case's 24-hour response deadline. */
    static final Instant NOW = Instant.parse("2022-09-06T03:30:00Z");

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneId.of("Asia/Shanghai"));
        }
    }

    @Test
    @DisplayName("Overdue and due without 'at' are as of the Clock's now")
    void nowComesFromTheClock() throws Exception {
        long id = register(RECEIVED, DEFECT);
        mvc.perform(get("/api/followup/overdue").param("unit", unit))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.at").value(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is("2022-09-06T11:30:00+08:00"), org.hamcrest.Matchers.is("2022-09-06T03:30:00Z"))))
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].caseId").value(id))
                .andExpect(jsonPath("$.items[0].kind").value("ARRIVAL"))
                .andExpect(jsonPath("$.items[0].lateMinutes").value(120));
        mvc.perform(get("/api/followup/due").param("unit", unit).param("days", "30"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("CORRECTIVE_ACTION_OPEN")))
                .andExpect(jsonPath("$.items[0].dueInMinutes").value(14 * 24 * 60 - 120));
        // Events: recorded at the Clock's now, and "in the future" measured from it (5 minutes of tolerance).
        event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T11:40:00+08:00\",\"recordedBy\":\"li.wei\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
        event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T11:00:00+08:00\",\"recordedBy\":\"li.wei\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.recordedAt").value(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is("2022-09-06T11:30:00+08:00"), org.hamcrest.Matchers.is("2022-09-06T03:30:00Z"))));
        mvc.perform(get("/api/followup/overdue").param("unit", unit)).andExpect(jsonPath("$.items", hasSize(0)));
    }
}
