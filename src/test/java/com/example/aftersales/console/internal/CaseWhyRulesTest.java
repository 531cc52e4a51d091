package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.ExampleCase;
import com.example.aftersales.SharedContext;
import com.example.aftersales.bench.RandomCases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.CaseViews;
import com.example.aftersales.policy.facts.Decision;

/**
 * The why of the decisions the DRL rules make, on the case page (MockMvc, the HTML as served) and as {@link CaseWhy}
 * gives it: each rule that decided with its name, file and line (linked to the source view) and the facts it tested,
 * each input against what it was compared with, money as money; the rules of the types shown that did not decide,
 * with the check they did not meet. On 150 random cases the declared checks agree with what the rules did: every
 * decision a DRL rule made has its rule's why, every check of a rule that fired is met, and a rule that did not fire
 * fails one of its checks (unless another rule made the same decision first).
 */
@SharedContext
@WithMockUser(username = "qm.li", roles = "QUALITY_MANAGER")
class CaseWhyRulesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    CaseService cases;
    @Autowired
    CaseWhy why;
    @Autowired
    JsonMapper json;

    @Test
    void theCasePageSetsEachDrlRuleThatDecidedAgainstTheFactsItTested() throws Exception {
        OffsetDateTime received = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(2).truncatedTo(ChronoUnit.MINUTES);
        LocalDate produced = received.toLocalDate().minusMonths(2); // as ExampleCase records it
        long id = cases.register(ExampleCase.receivedAt(json, "RULEWHY-", received), "test").caseId();

        String zh = mvc.perform(get("/console/cases/" + id).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String rules = zh.substring(zh.indexOf("id=\"why-rules\""), zh.indexOf("id=\"events\""));
        // a rule deciding on its own: its name linked to its file and line, its test against the case
        assertThat(rules).containsPattern("<a class=\"rule-source\" href=\"/console/rulesets/[0-9a-f]+/view\\?source=rules/handling\\.drl:\\d+\">"
                + "处理方式：现场服务 / Handling: service on site</a>");
        assertThat(rules).contains("可电话或书面答复解决 否 = 应为 否");
        // compensation: every fact it tested, the loss as money, the warranty decided before it
        assertThat(rules).contains("赔偿：以产品补偿用户索赔的损失 / Compensation: in product for a claimed loss")
                .contains("原因 产品质量问题 = 应为 产品质量问题").contains("直接损失 ¥25,000 &gt; ¥0")
                .contains("用户提出赔偿 是 = 应为 是").contains("派出服务人员（名） 2 ≥ 2");
        // a rule whose figure is a table row's: the warranty's days compared as the rule compares them
        LocalDate last = produced.plusMonths(months(id));
        assertThat(rules).contains("有效期判定：在有效期内 / Warranty: within the validity period")
                .contains("受理日期 " + received.toLocalDate() + " ≤ 有效期至（含） " + last + "（生产日期 " + produced + " + " + months(id) + " 个月）")
                .contains("直接损失 ¥25,000 ≥ 门槛 ¥20,000")
                .contains("处理金额 ¥8,000：在");
        // the rules of the types shown that did not decide, with the check not met
        assertThat(rules).containsPattern("<td>处理方式：电话或书面答复 / Handling: reply by phone or in writing</td>\\s*<td><a class=\"rule-source\" "
                + "href=\"[^\"]+source=rules/handling\\.drl:\\d+\">rules/handling\\.drl:\\d+</a></td>\\s*<td>可电话或书面答复解决 否 ≠ 应为 是</td>");
        assertThat(rules).containsPattern("有效期判定：已超过有效期 / Warranty: validity period expired</td>[^✓]*受理日期 "
                + received.toLocalDate() + " ≤ 有效期至（含） " + last);

        String en = mvc.perform(get("/console/cases/" + id).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(en).contains("Rules in the rule files that decided").contains("Direct loss CNY 25,000 &gt; CNY 0")
                .contains("Compensation claimed yes = required yes")
                .contains("Received on " + received.toLocalDate() + " ≤ last valid day " + last);
    }

    @Test
    void onRandomCasesTheDeclaredChecksAgreeWithWhatTheRulesDid() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        int drlDecisions = 0;
        int notFired = 0;
        for (int i = 0; i < 150; i++) {
            CaseData c = json.readValue(RandomCases.randomCase(random, "RW" + i + "-" + UUID.randomUUID()), CaseData.class);
            CaseViews.CaseHistory history = cases.find(cases.register(c, "test").caseId());
            var latest = history.evaluations().get(history.evaluations().size() - 1);
            CaseWhy.Why w = why.of(latest, history.caseData());
            assertThat(w.problem()).isNull();
            for (Decision d : latest.decisions()) {
                boolean byDrl = d.source() != null && d.source().matches("rules/[^!]+\\.drl:\\d+");
                boolean byDrlWithARow = DrlWhys.ENTRIES.values().stream().anyMatch(e -> e.viaTable() != null && e.makes(d));
                if (byDrl || byDrlWithARow) {
                    drlDecisions++;
                    assertThat(w.rules()).as("the rule behind %s %s of case %s", d.type(), d.value(), c.externalRef())
                            .anyMatch(r -> r.decisions().contains(d));
                }
            }
            for (CaseWhy.RuleWhy r : w.rules()) {
                assertThat(r.conditions()).as("%s on %s", r.rule(), c.externalRef()).isNotEmpty().allMatch(CaseWhy.Condition::met);
                assertThat(r.source()).matches("rules/[^!]+\\.drl:\\d+");
            }
            for (CaseWhy.RuleWhy r : w.otherRules()) {
                notFired++;
                DrlWhys.Entry entry = DrlWhys.ENTRIES.get(r.rule());
                if (r.failed() == null) {
                    assertThat(w.rules()).as("%s did not decide on %s though its checks are met", r.rule(), c.externalRef())
                            .anyMatch(f -> f.decisions().stream().anyMatch(entry::makes));
                }
            }
        }
        assertThat(drlDecisions).isGreaterThan(500);
        assertThat(notFired).isGreaterThan(100);
    }

    private int months(long id) {
        return cases.find(id).evaluations().get(0).decisions().stream().filter(d -> d.type().equals("WARRANTY")).findFirst()
                .map(d -> Integer.parseInt(d.reasonIn(java.util.Locale.CHINESE).replaceAll(".*有效期 (\\d+) 个月.*", "$1")))
                .orElseThrow();
    }
}
