package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;

/**
 * No write on a GET: every read of the follow-up — the API's lists, orders, notices, events and monthly summary (JSON
 * and workbook), and the console's follow-up, orders, monthly and case pages — runs no statement that writes one of
 * the follow-up's tables. The SQL the request's thread sends is recorded by a wrapper of the data source; a POST of
 * an event is recorded the same way, to show that the recording does see writes.
 */
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest(properties = "aftersales.test.database=readsonly")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FollowupReadsWriteNothingTest extends FollowupTestSupport {

    /** The SQL sent by the current thread while it is set. */
    static final ThreadLocal<List<String>> SENT = new ThreadLocal<>();

    private static final Pattern WRITE_OF_FOLLOWUP = Pattern.compile("(?is)\\b(insert\\s+into|update|delete\\s+from|merge\\s+into)\\s+"
            + "(case_event|case_event_file|case_followup|case_notice|case_obligation|case_obligation_open|rectification_order|"
            + "rectification_order_case|followup_case|followup_evaluation)\\b");

    @TestConfiguration
    static class Recording {

        @Bean
        static BeanPostProcessor recordingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource ? recording(dataSource) : bean;
                }
            };
        }
    }

    @Test
    @DisplayName("The follow-up's GETs (API and console) write none of its tables")
    void readsWriteNothing() throws Exception {
        long flagged = register(RECEIVED, FLAGGED);
        long intake = register(RECEIVED, INTAKE);
        event(flagged, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T15:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        String orders = mvc.perform(get("/api/rectification-orders")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        long order = json.readTree(orders).get(0).get("id").asLong();

        List<String> sent = new ArrayList<>();
        SENT.set(sent);
        try {
            for (String url : List.of("/api/followup/overdue?at=2022-09-19T16:00:00Z&unit=" + unit,
                    "/api/followup/due?at=2022-09-05T02:00:00Z&days=30", "/api/followup/overdue",
                    "/api/rectification-orders", "/api/rectification-orders/" + order, "/api/notices",
                    "/api/cases/" + flagged + "/events", "/api/cases/" + intake + "/events",
                    "/api/reports/monthly/2022-09", "/api/reports/monthly/2022-09?at=2022-09-09T16:00:00Z",
                    "/api/reports/monthly/2022-09.xlsx", "/console/followup", "/console/followup?unit=" + unit,
                    "/console/orders", "/console/orders?notices=CIRCULATED", "/console/reports/monthly?month=2022-09",
                    "/console/reports/monthly.xlsx?month=2022-09", "/console/cases/" + flagged)) {
                assertThat(mvc.perform(get(url)).andReturn().getResponse().getStatus()).as(url).isEqualTo(200);
            }
        } finally {
            SENT.remove();
        }
        assertThat(sent).as("the reads were recorded").hasSizeGreaterThan(30);
        assertThat(sent).filteredOn(sql -> WRITE_OF_FOLLOWUP.matcher(sql).find()).as("writes of the follow-up's tables on a GET")
                .isEmpty();

        List<String> posted = new ArrayList<>();
        SENT.set(posted);
        try {
            event(intake, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T15:00:00+08:00\",\"recordedBy\":\"qd\"}")
                    .andExpect(status().isCreated());
        } finally {
            SENT.remove();
        }
        assertThat(posted).filteredOn(sql -> WRITE_OF_FOLLOWUP.matcher(sql).find()).as("a POST's writes are seen")
                .anyMatch(sql -> sql.toLowerCase().contains("insert into case_event"));
    }

    /** The data source, its connections and statements, each recording the SQL sent while {@link #SENT} is set. */
    static DataSource recording(DataSource dataSource) {
        return wrap(DataSource.class, dataSource);
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(FollowupReadsWriteNothingTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    List<String> sent = SENT.get();
                    if (sent != null && args != null && args.length > 0 && args[0] instanceof String sql
                            && (method.getName().startsWith("prepare") || method.getName().startsWith("execute")
                                || method.getName().equals("addBatch"))) {
                        sent.add(sql);
                    }
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Connection c && method.getName().equals("getConnection")) {
                        return wrap(Connection.class, c);
                    }
                    if (result instanceof Statement s && method.getName().equals("createStatement")) {
                        return wrap(Statement.class, s);
                    }
                    return result;
                });
    }
}
