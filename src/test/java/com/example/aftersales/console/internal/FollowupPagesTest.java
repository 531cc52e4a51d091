package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.ExampleCase;
import com.example.aftersales.SharedContext;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.followup.CaseEventService;

/**
 * The follow-up pages of the console and the case page's event form, through MockMvc: refusals are pages in words
 * with their status (400 a field, 404 no such case, 409 not possible now, 403 not a quality manager), and nothing is
 * recorded then; a good event is recorded as the signed-in person.
 */
@BothDatabases
@SharedContext // its cases, received in the last days, stay out of the main database's tests' counts
@WithMockUser(username = "qm.wang", roles = "ADMIN")
class FollowupPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    CaseService cases;
    @Autowired
    CaseEventService events;
    @Autowired
    JsonMapper json;

    /** Received two days ago, at the minute; the example case: on site, a confirmed product defect. */
    final OffsetDateTime received = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(2).truncatedTo(ChronoUnit.MINUTES);

    long register() throws Exception {
        return cases.register(ExampleCase.receivedAt(json, "PAGES-", received), "test").caseId();
    }

    MockHttpServletRequestBuilder event(long id, String type, String occurredAt) {
        return event(id, type, occurredAt, "en"); // the pages' English wording
    }

    MockHttpServletRequestBuilder event(long id, String type, String occurredAt, String language) {
        return post("/console/cases/" + id + "/events").with(csrf()).header("Accept-Language", language)
                .param("type", type).param("occurredAt", occurredAt);
    }

    String local(OffsetDateTime at) {
        return at.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDateTime().toString();
    }

    @Test
    void aGoodEventIsRecordedAsTheSignedInPersonAndShownOnTheCasePage() throws Exception {
        long id = register();
        mvc.perform(event(id, "ON_SITE_ARRIVAL", local(received.plusHours(5))).param("remarks", "two staff"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/console/cases/" + id + "#event-1"));
        assertThat(events.list(id)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("ON_SITE_ARRIVAL");
            assertThat(e.recordedBy()).isEqualTo("qm.wang");
            assertThat(e.occurredAt().toInstant()).isEqualTo(received.plusHours(5).toInstant());
            assertThat(e.remarks()).isEqualTo("two staff");
        });
        mvc.perform(get("/console/cases/" + id).header("Accept-Language", "en")).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"event-1\"")))
                .andExpect(content().string(containsString("Arrived on site")))
                .andExpect(content().string(containsString("qm.wang")))
                .andExpect(content().string(containsString("id=\"event-form\"")));
    }

    @Test
    void aFieldTheTypeNeedsIsNamedAndNothingIsRecorded() throws Exception {
        long id = register();
        mvc.perform(event(id, "RESULT_FORM_RECEIVED", local(received.plusHours(5))))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("id=\"event-refusal\"")))
                .andExpect(content().string(containsString("customerSigned")))
                .andExpect(content().string(containsString("is required for RESULT_FORM_RECEIVED")));
        mvc.perform(event(id, "ON_SITE_ARRIVAL", local(received.plusHours(5))).param("satisfied", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("belongs to SATISFACTION_CALL only")));
        mvc.perform(event(id, "ON_SITE_ARRIVAL", local(received.minusHours(1))))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("must not be before the case was received")));
        mvc.perform(event(id, "ON_SITE_ARRIVAL", "yesterday at noon"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The value &#39;yesterday at noon&#39; of occurredAt is not a date and time")));
        mvc.perform(event(id, "TEA_BREAK", local(received.plusHours(5))))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("data-field=\"type\"")));
        mvc.perform(event(id, "ARCHIVED", local(received.plusHours(5))).param("archiveYear", "two thousand"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("is not a whole number")));
        assertThat(events.list(id)).isEmpty();
    }

    @Test
    void anEventTheHistoryDoesNotAllowIsRefusedWithTheReason() throws Exception {
        long id = register();
        mvc.perform(event(id, "CORRECTIVE_ACTION_VERIFIED", local(received.plusDays(1))))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("Not possible now")))
                .andExpect(content().string(containsString("No corrective action is open: record CORRECTIVE_ACTION_OPENED first.")))
                // the form keeps what was sent
                .andExpect(content().string(containsString("value=\"CORRECTIVE_ACTION_VERIFIED\" selected=\"selected\"")));
        mvc.perform(event(id, "CASE_CLOSED", local(received.plusDays(1)))).andExpect(status().isFound());
        mvc.perform(event(id, "ON_SITE_ARRIVAL", local(received.plusDays(1))))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("The case is closed: only ARCHIVED can follow CASE_CLOSED.")));
        assertThat(events.list(id)).extracting(e -> e.type()).containsExactly("CASE_CLOSED");
    }

    @Test
    void aRefusalIsShownInTheConsolesLanguage() throws Exception {
        long id = register();
        mvc.perform(event(id, "CORRECTIVE_ACTION_VERIFIED", local(received.plusDays(1)), "zh-CN"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("没有进行中的纠正措施：请先记录纠正措施已启动（CORRECTIVE_ACTION_OPENED）。")))
                .andExpect(content().string(not(containsString("No corrective action is open"))));
        mvc.perform(event(id, "RESULT_FORM_RECEIVED", local(received.plusHours(5)), "zh-CN"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("1 个字段无效。")))
                .andExpect(content().string(containsString("收到处理结果单（RESULT_FORM_RECEIVED）事件必须填写此项")));
        mvc.perform(event(id, "RESULT_FORM_RECEIVED", local(received.plusHours(5)), "en"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("1 field is invalid.")))
                .andExpect(content().string(containsString("is required for RESULT_FORM_RECEIVED")))
                .andExpect(content().string(not(containsString("事件必须填写此项"))));
        mvc.perform(get("/console/orders").param("status", "WAITING").header("Accept-Language", "zh-CN"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("必须是 OPEN（待下发）、ISSUED（已下发）或 CLOSED（已关闭）")));
        assertThat(events.list(id)).isEmpty();
    }

    @Test
    void anUnknownCaseIsNotFound() throws Exception {
        mvc.perform(event(987654321L, "ON_SITE_ARRIVAL", "2026-01-01T10:00"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("987654321")));
    }

    @Test
    @WithMockUser(username = "an.analyst", roles = "ANALYST")
    void onlyQualityManagersRecordEvents() throws Exception {
        long id = register();
        mvc.perform(event(id, "ON_SITE_ARRIVAL", local(received.plusHours(5)))).andExpect(status().isForbidden());
        mvc.perform(get("/console/cases/" + id).header("Accept-Language", "en")).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"events\"")))
                .andExpect(content().string(not(containsString("id=\"event-form\""))));
        mvc.perform(get("/console/followup")).andExpect(status().isOk());
        assertThat(events.list(id)).isEmpty();
    }

    @Test
    void theFollowupPageShowsTheOverdueArrivalAtAMomentAndRefusesABadMoment() throws Exception {
        long id = register();
        // the response deadline is 24 h after receipt (same province, on site): overdue a day later
        String at = local(received.plusDays(2).plusHours(1));
        String unit = "SUB-01";
        mvc.perform(get("/console/followup").param("at", at).param("unit", unit)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-case=\"" + id + "\" data-kind=\"ARRIVAL\"")))
                .andExpect(content().string(containsString("href=\"/console/cases/" + id + "\"")));
        mvc.perform(get("/console/followup").param("at", "soon")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The value &#39;soon&#39; of at is not a date and time")));
        mvc.perform(get("/console/followup").param("days", "0")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("from 1 to 366")));
    }

    @Test
    void ordersNoticesAndMonthlyRefuseBadFiltersInWords() throws Exception {
        mvc.perform(get("/console/orders")).andExpect(status().isOk());
        mvc.perform(get("/console/orders").param("status", "WAITING")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("id=\"field-errors\"")))
                .andExpect(content().string(containsString("must be OPEN, ISSUED or CLOSED")));
        mvc.perform(get("/console/orders").param("notices", "SOMETIMES")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("must be PENDING or CIRCULATED")));
        mvc.perform(get("/console/reports/monthly").param("month", "2026-13")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The value &#39;2026-13&#39; of month is not a month")));
        mvc.perform(get("/console/reports/monthly.xlsx").param("month", "June")).andExpect(status().isBadRequest());
        mvc.perform(get("/console/reports/monthly").param("month", "2019-01")).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"monthly-empty\"")));
        mvc.perform(get("/console/reports/monthly.xlsx").param("month", "2019-01")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("spreadsheetml")))
                .andExpect(header().string("Content-Disposition", containsString("monthly-summary-2019-01.xlsx")));
    }
}
