package com.example.aftersales.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.client.ApiClient;
import com.example.aftersales.client.ApiException;
import com.example.aftersales.client.ApiResponse;
import com.example.aftersales.client.api.AnalystsApi;
import com.example.aftersales.client.api.IntegratorsApi;
import com.example.aftersales.client.api.QualityManagersApi;
import com.example.aftersales.client.model.Baseline;
import com.example.aftersales.client.model.CaseData;
import com.example.aftersales.client.model.CaseHistory;
import com.example.aftersales.client.model.CaseResult;
import com.example.aftersales.client.model.Cause;
import com.example.aftersales.client.model.Candidate;
import com.example.aftersales.client.model.Decision;
import com.example.aftersales.client.model.Draft;
import com.example.aftersales.client.model.FiredRule;
import com.example.aftersales.client.model.ReplayChange;
import com.example.aftersales.client.model.ReplayChangePage;
import com.example.aftersales.client.model.FileInfo;
import com.example.aftersales.client.model.Findings;
import com.example.aftersales.client.model.FindingsRequest;
import com.example.aftersales.client.model.Replay;
import com.example.aftersales.client.model.ReplayRequest;
import com.example.aftersales.client.model.ReplayStarted;
import com.example.aftersales.Workbooks;
import com.example.aftersales.security.internal.Accounts;
import com.example.aftersales.security.Role;

/**
 * The README's integrator flow through the client openapi-generator builds from the committed docs/openapi.json (Java,
 * native HTTP library, not patched; see the pom), against the service running on H2: record
 * {@code docs/examples/case.json} with an API key, retry it with the same Idempotency-Key, read it, add findings, start a
 * replay in its JSON form and read its typed status, download its workbook and CSV export; replay a quality manager's
 * draft and read the typed changes; download a rule file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT) // ImportUploadLimitTest's context: own cases
@ActiveProfiles("test")
class GeneratedClientTest {

    @Autowired
    Accounts accounts;
    @LocalServerPort
    int port;

    @Test
    @DisplayName("The generated client records, retries, reads, adds findings, replays and downloads as the README does")
    void readmeFlowThroughTheGeneratedClient() throws Exception {
        String key = accounts.issueKey("crm-" + UUID.randomUUID(), Set.of(Role.SYSTEM, Role.ANALYST), "test").secret();
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setRequestInterceptor(request -> request.header("X-API-Key", key).header("Accept-Language", "en"));
        IntegratorsApi integrators = new IntegratorsApi(client);
        AnalystsApi analysts = new AnalystsApi(client);
        QualityManagersApi rulesets = new QualityManagersApi(client);

        // record the README's example case
        CaseData data = client.getObjectMapper().readValue(Path.of("docs/examples/case.json").toFile(), CaseData.class);
        data.setExternalRef("CLIENT-" + UUID.randomUUID());
        String idempotencyKey = UUID.randomUUID().toString();
        ApiResponse<CaseResult> created = integrators.recordCaseWithHttpInfo(data, idempotencyKey);
        assertThat(created.getStatusCode()).isEqualTo(201);
        long caseId = created.getData().getCaseId();
        assertThat(header(created.getHeaders(), "Location")).isEqualTo("/api/cases/" + caseId);
        assertThat(created.getData().getEvaluation().getDecisions()).extracting(Decision::getType).contains("REMEDY", "APPROVAL", "MAJOR_INCIDENT");

        // retried: the first answer again, nothing recorded
        ApiResponse<CaseResult> retried = integrators.recordCaseWithHttpInfo(data, idempotencyKey);
        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(header(retried.getHeaders(), "Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.getData().getCaseId()).isEqualTo(caseId);
        assertThat(retried.getData().getEvaluation().getId()).isEqualTo(created.getData().getEvaluation().getId());

        // read it
        CaseHistory history = integrators.getCase(caseId);
        assertThat(history.getCaseId()).isEqualTo(caseId);
        assertThat(history.getEvaluations()).hasSize(1);

        // new findings: a new evaluation
        ApiResponse<CaseResult> again = integrators.addFindingsWithHttpInfo(caseId,
                new FindingsRequest().findings(new Findings().cause(Cause.IMPROPER_OPERATION)));
        assertThat(again.getStatusCode()).isEqualTo(201);
        assertThat(again.getData().getEvaluation().getDecisions())
                .anySatisfy(d -> assertThat(d.getType() + "=" + d.getValue()).isEqualTo("REMEDY=NONE"));
        assertThat(integrators.getCase(caseId).getEvaluations()).hasSize(2);

        // a bad request is a typed problem the client can read
        try {
            integrators.getCase(Long.MAX_VALUE);
        } catch (ApiException notFound) {
            assertThat(notFound.getCode()).isEqualTo(404);
            assertThat(notFound.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }

        // replay the period on the version that decided it, in the JSON form, and follow its typed status
        String version = created.getData().getEvaluation().getRulesetVersion();
        LocalDate day = data.getReceivedAt().toLocalDate();
        ReplayStarted started = analysts.startReplay(new ReplayRequest().candidate(new Candidate().rulesetVersion(version))
                .baseline(new Baseline("RECORDED")).from(day.minusDays(1)).to(day.plusDays(1)));
        assertThat(started.getStatus()).isEqualTo(ReplayStarted.StatusEnum.RUNNING);
        Replay finished = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> analysts.getReplay(started.getId()), r -> r.getStatus() != Replay.StatusEnum.RUNNING);
        assertThat(finished.getStatus()).isEqualTo(Replay.StatusEnum.SUCCEEDED);
        assertThat(finished.getCandidate().getRulesetVersion()).isEqualTo(version);
        assertThat(finished.getSummary().getReplayed()).isGreaterThanOrEqualTo(1L);

        // its workbook and its export, as files
        File workbook = analysts.exportReplayWorkbook(started.getId(), "en");
        assertThat(Files.readAllBytes(workbook.toPath())).startsWith((byte) 'P', (byte) 'K');
        File csv = analysts.exportReplayCsv(started.getId(), "en");
        assertThat(Files.readString(csv.toPath())).isNotEmpty();

        // what a change of the rules changes, typed: a quality manager's draft raises the major-incident threshold from
        // 20,000 to 30,000 CNY; replayed over a second recording of the README's case (a loss of 25,000 CNY), that case is
        // the one change (the first one's findings name no loss any more), with its decisions before and after
        CaseData second = client.getObjectMapper().readValue(Path.of("docs/examples/case.json").toFile(), CaseData.class);
        second.setExternalRef("CLIENT-" + UUID.randomUUID());
        // a product of its own, so that the replay is of this case alone whatever else the database holds
        second.getProduct().setCode("CLIENT-P-" + UUID.randomUUID().toString().substring(0, 8));
        long secondId = integrators.recordCase(second, null).getCaseId();
        String qmKey = accounts.issueKey("qm-" + UUID.randomUUID(), Set.of(Role.QUALITY_MANAGER), "test").secret();
        ApiClient qmClient = new ApiClient();
        qmClient.updateBaseUri("http://127.0.0.1:" + port);
        qmClient.setRequestInterceptor(request -> request.header("X-API-Key", qmKey).header("Accept-Language", "en"));
        Path upload = Files.createTempDirectory("draft").resolve("major-incident.xlsx");
        Files.write(upload, Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 30000));
        Draft draft = new QualityManagersApi(qmClient).createDraft(null, "threshold 30,000 CNY", List.of(upload.toFile()));
        ReplayStarted changing = analysts.startReplay(new ReplayRequest().candidate(new Candidate().rulesetVersion(draft.getVersion()))
                .baseline(new Baseline("RECORDED")).from(day.minusDays(1)).to(day.plusDays(1))
                .filters(new com.example.aftersales.client.model.Filters().productCode(second.getProduct().getCode())));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> analysts.getReplay(changing.getId()).getStatus(), s -> s == Replay.StatusEnum.SUCCEEDED);
        ReplayChangePage page = analysts.listReplayChanges(changing.getId(), 0, 50);
        assertThat(page.getTotalElements()).isEqualTo(1L);
        assertThat(page.getTotalPages()).isEqualTo(1L);
        ReplayChange change = page.getChanges().get(0);
        assertThat(change.getCaseId()).isEqualTo(secondId);
        assertThat(change.getExternalRef()).isEqualTo(second.getExternalRef());
        assertThat(change.getReceivedAt().toInstant()).isEqualTo(second.getReceivedAt().toInstant());
        assertThat(change.getBefore().getDecisions()).extracting(Decision::getType).contains("MAJOR_INCIDENT");
        assertThat(change.getAfter().getDecisions()).extracting(Decision::getType).doesNotContain("MAJOR_INCIDENT");
        Decision reported = change.getBefore().getDecisions().stream().filter(d -> d.getType().equals("MAJOR_INCIDENT")).findFirst().orElseThrow();
        assertThat(reported.getReason()).isEqualTo(reported.getReasons().get("en")).isNotBlank(); // in the language asked for
        assertThat(reported.getSource()).startsWith("decision-tables/major-incident.xlsx!");
        assertThat(change.getBefore().getRulesFiredOnlyHere()).extracting(FiredRule::getSource).containsExactly("rules/incidents.drl:7");
        assertThat(change.getBefore().getFindings()).isNull();
        assertThat(change.getAfter().getFindings().getDirectLossCny()).isEqualByComparingTo("25000");
        assertThat(change.getAfter().getFindings().getRemedyValueCny()).isEqualByComparingTo("8000");

        // a decision table of the active version, by its full name, byte for byte as listed
        List<FileInfo> files = rulesets.getActiveRuleset().getFiles();
        FileInfo table = files.stream().filter(f -> f.getName().equals("decision-tables/major-incident.xlsx")).findFirst().orElseThrow();
        File downloaded = rulesets.getRuleFileByPath(rulesets.getActiveRuleset().getVersion(), table.getName());
        assertThat(Files.size(downloaded.toPath())).isEqualTo(table.getSize());
        assertThat(Files.readAllBytes(downloaded.toPath())).startsWith((byte) 'P', (byte) 'K');
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                .findFirst().orElse(null);
    }
}
