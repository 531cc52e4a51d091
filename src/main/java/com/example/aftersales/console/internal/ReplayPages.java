package com.example.aftersales.console.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.facts.Decision;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.replay.ChangeScope;
import com.example.aftersales.replay.ReplayExports;
import com.example.aftersales.replay.ReplayRequest;
import com.example.aftersales.replay.ReplayRun;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.replay.ReplaySummary;
import com.example.aftersales.rulesets.Drafts;
import com.example.aftersales.rulesets.Uploads;
import com.example.aftersales.rulesets.RulesetStore;

/**
 * Replays for analysts: a form for the candidate rules, the baseline and the population; a run's live progress;
 * its result as charts (decisions changed by type, the transition matrix) with the changed cases before and after,
 * and its exports.
 */
@Controller
@RequestMapping("/console/replays")
class ReplayPages {

    static final int PAGE_SIZE = 25;

    private final ReplayService replays;
    private final ReplayExports exports;
    private final ExportLanguages languages;
    private final RulesetStore rulesets;
    private final Drafts drafts;
    private final JsonMapper json;
    private final MessageSource messages;

    ReplayPages(ReplayService replays, ReplayExports exports, ExportLanguages languages, RulesetStore rulesets,
                Drafts drafts, JsonMapper json, MessageSource messages) {
        this.replays = replays;
        this.exports = exports;
        this.languages = languages;
        this.rulesets = rulesets;
        this.drafts = drafts;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping
    String form(Model model) {
        LocalDate[] window = replays.defaultImpactWindow(); // a period that holds cases, not the 90 days to today
        model.addAttribute("versions", rulesets.versions());
        model.addAttribute("from", window[0]);
        model.addAttribute("to", window[1]);
        model.addAttribute("runs", replays.recent(20));
        model.addAttribute("decisionTypes", CasePages.DECISION_TYPES);
        return "console/replays";
    }

    @PostMapping
    String start(@RequestParam(required = false) String candidate,
                 @RequestParam(value = "files", required = false) List<MultipartFile> files,
                 @RequestParam(defaultValue = "RECORDED") String baseline,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                 @RequestParam(required = false) String productCode, @RequestParam(required = false) String productCategory,
                 @RequestParam(required = false) String province, @RequestParam(required = false) String responsibleUnit,
                 @RequestParam(required = false) String decisionType, @RequestParam(required = false) String decisionValue,
                 Authentication principal)
            throws IOException {
        if (from == null || to == null) {
            throw new BadInput("console.replayPeriod");
        }
        if (to.isBefore(from)) {
            throw new BadInput("console.periodReversed", to, from);
        }
        String version = uploaded(files, drafts.author(principal));
        if (version == null) {
            if (candidate == null || candidate.isBlank()) {
                throw new BadInput("console.chooseCandidate");
            }
            version = candidate;
        }
        String baselineVersion = baseline == null || baseline.isBlank() || "RECORDED".equals(baseline) ? null : baseline;
        ReplayRequest request = new ReplayRequest(new ReplayRequest.Candidate(version),
                baselineVersion == null ? null : json.valueToTree(Map.of("rulesetVersion", baselineVersion)), from, to,
                new ReplayRequest.Filters(blankToNull(productCode), blankToNull(productCategory), blankToNull(province),
                        blankToNull(responsibleUnit), blankToNull(decisionType), blankToNull(decisionValue)));
        return "redirect:/console/replays/" + replays.start(version, request, principal.getName());
    }

    /** Uploaded rule files replacing or adding to the active version's, stored as a version; null when none. */
    private String uploaded(List<MultipartFile> files, Drafts.Author author) throws IOException {
        List<String> names = RulesetPages.names(files);
        if (names.isEmpty()) {
            return null;
        }
        Drafts.mayChange(names, author); // by name, before any file is read
        return drafts.replayCandidate(Uploads.read(files), author);
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model, Locale locale) {
        ReplayRun run = replays.find(id);
        model.addAttribute("run", run);
        model.addAttribute("exportLang", languages.forConsole(null, locale).tag());
        // JSON in an HTML attribute (data-chart), which the template escapes
        Labels labels = new Labels(locale);
        Map<String, Object> chart = chart(run.summary(), labels, messages.getMessage("replays.noValue", null, "(none)", locale));
        ImpactTables impact = ImpactTables.of(run);
        chart.put("money", impact.chart(labels::unit));
        model.addAttribute("chart", json.writeValueAsString(chart));
        model.addAttribute("impact", impact);
        model.addAttribute("others", replays.recent(30).stream().filter(r -> r.id() != run.id()).toList());
        List<ReplaySummary.Transition> changed = run.summary() == null ? List.of()
                : run.summary().transitions().stream().filter(t -> !Objects.equals(t.before(), t.after())).toList();
        model.addAttribute("changedTransitions", changed);
        // the matrix first shows a type that changed most
        java.util.LinkedHashSet<String> types = new java.util.LinkedHashSet<>();
        changed.stream().sorted(java.util.Comparator.comparingLong(ReplaySummary.Transition::count).reversed())
                .forEach(t -> types.add(t.type()));
        if (run.summary() != null) {
            run.summary().transitions().forEach(t -> types.add(t.type()));
        }
        model.addAttribute("matrixTypes", types);
        ReplayRequest.Filters f = run.filters() == null ? ReplayRequest.Filters.NONE : run.filters();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("productCode", f.productCode());
        filters.put("productCategory", f.productCategory());
        filters.put("province", f.province());
        filters.put("responsibleUnit", f.responsibleUnit());
        filters.put("decisionType", f.decisionType());
        filters.put("decisionValue", f.decisionValue());
        filters.values().removeIf(Objects::isNull);
        model.addAttribute("filters", filters.isEmpty() ? "—" : filters.toString().replaceAll("[{}]", ""));
        return "console/replay";
    }

    /**
     * Two runs side by side (the impacts of two drafts, say): their business figures, approval levels, decisions that
     * changed, and the units whose figures changed, each with its own drill-down.
     */
    @GetMapping("/compare")
    String compare(@RequestParam(required = false) Long a, @RequestParam(required = false) Long b, Model model) {
        if (a == null || b == null) {
            throw new BadInput("console.compareTwo");
        }
        ReplayRun first = replays.find(a);
        ReplayRun second = replays.find(b);
        model.addAttribute("a", first);
        model.addAttribute("b", second);
        ImpactTables impactA = ImpactTables.of(first);
        ImpactTables impactB = ImpactTables.of(second);
        model.addAttribute("impactA", impactA);
        model.addAttribute("impactB", impactB);
        model.addAttribute("changedA", changedTransitions(first));
        model.addAttribute("changedB", changedTransitions(second));
        Map<String, List<ImpactTables.Pair>> pairs = new LinkedHashMap<>();
        for (String dimension : ImpactTables.DIMENSIONS) {
            pairs.put(dimension, ImpactTables.pairs(first, second, dimension));
        }
        model.addAttribute("pairs", pairs);
        return "console/compare";
    }

    private static List<ReplaySummary.Transition> changedTransitions(ReplayRun run) {
        return run.summary() == null ? List.of()
                : run.summary().transitions().stream().filter(t -> !Objects.equals(t.before(), t.after())).toList();
    }

    /** The progress bar, polled by htmx while the run goes on; when it ends the page reloads with the result. */
    @GetMapping("/{id}/progress")
    String progress(@PathVariable long id, Model model, HttpServletResponse response) {
        ReplayRun run = replays.find(id);
        if (!ReplayRun.RUNNING.equals(run.status())) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("run", run);
        return "console/replay :: progress";
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable long id) {
        replays.cancel(id);
        return "redirect:/console/replays/" + id;
    }

    @GetMapping("/{id}/changes")
    String changes(@PathVariable long id, @RequestParam(required = false) String type,
                   @RequestParam(required = false) String unit, @RequestParam(required = false) String province,
                   @RequestParam(required = false) String category,
                   @RequestParam(defaultValue = "0") int page, Model model) {
        ReplayRun run = replays.find(id);
        int p = Math.max(0, page);
        ChangeScope scope = new ChangeScope(unit, province, category);
        model.addAttribute("run", run);
        model.addAttribute("type", type == null || type.isBlank() ? null : type);
        model.addAttribute("scope", scope);
        if (type == null || type.isBlank()) {
            ReplayExports.ChangePage body = exports.page(run, scope, p, PAGE_SIZE);
            model.addAttribute("page", body);
            model.addAttribute("changes", body.changes().stream().map(ReplayPages::change).toList());
        } else {
            model.addAttribute("page", exports.pageOfType(run, type, scope, p, PAGE_SIZE));
        }
        return "console/changes";
    }

    /** In the console's language: the page's link carries it as {@code lang}. */
    @GetMapping("/{id}/export.csv")
    void exportCsv(@PathVariable long id, @RequestParam(required = false) ExportLanguage lang, Locale locale,
                   HttpServletResponse response) throws IOException {
        exports.csv(replays.find(id), languages.forConsole(lang, locale), response);
    }

    @GetMapping("/{id}/export.xlsx")
    void exportXlsx(@PathVariable long id, @RequestParam(required = false) ExportLanguage lang, Locale locale,
                    HttpServletResponse response) throws IOException {
        exports.xlsx(replays.find(id), languages.forConsole(lang, locale), response);
    }

    /** A changed case: the decision types whose values differ, before and after, with what decided after. */
    public record Change(Object caseId, Object receivedAt, List<DecisionChange> decisions, List<String> rulesOnlyBefore,
                  List<String> rulesOnlyAfter, Object externalRef) {
    }

    public record DecisionChange(String type, String before, String after, String rule, String source, String reason) {
    }

    private static Change change(ReplayExports.ChangedCase c) {
        Map<String, List<Decision>> b = byType(c.before().decisions());
        Map<String, List<Decision>> a = byType(c.after().decisions());
        TreeMap<String, Boolean> types = new TreeMap<>();
        b.keySet().forEach(t -> types.put(t, true));
        a.keySet().forEach(t -> types.put(t, true));
        List<DecisionChange> decisions = new ArrayList<>();
        for (String type : types.keySet()) {
            String bv = values(b.get(type));
            String av = values(a.get(type));
            if (!bv.equals(av)) {
                Decision decided = a.containsKey(type) ? a.get(type).get(0) : null;
                decisions.add(new DecisionChange(type, bv, av, decided == null ? null : decided.rule(),
                        decided == null ? null : decided.source(), decided == null ? null : decided.reason()));
            }
        }
        return new Change(c.caseId(), c.receivedAt(), decisions,
                rules(c.before().rulesFiredOnlyHere()), rules(c.after().rulesFiredOnlyHere()), c.externalRef());
    }

    private static Map<String, List<Decision>> byType(List<Decision> decisions) {
        Map<String, List<Decision>> map = new LinkedHashMap<>();
        for (Decision d : decisions) {
            map.computeIfAbsent(d.type(), k -> new ArrayList<>()).add(d);
        }
        return map;
    }

    private static String values(List<Decision> decisions) {
        if (decisions == null) {
            return "";
        }
        return String.join(",", decisions.stream().map(Decision::value).sorted().toList());
    }

    private static List<String> rules(List<FiredRule> rules) {
        return rules.stream().map(r -> r.rule() + " (" + (r.source() == null ? "" : r.source()) + ")").toList();
    }

    /**
     * What the charts draw: per decision type, the cases whose values stayed and changed; and every transition
     * (type, before, after, cases) for the matrix; with the name of each type and value.
     */
    static Map<String, Object> chart(ReplaySummary.View summary, Labels labels, String none) {
        Map<String, long[]> byType = new TreeMap<>();
        List<Map<String, Object>> transitions = new ArrayList<>();
        if (summary != null) {
            for (ReplaySummary.Transition t : summary.transitions()) {
                long[] counts = byType.computeIfAbsent(t.type(), k -> new long[2]);
                counts[Objects.equals(t.before(), t.after()) ? 0 : 1] += t.count();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", t.type());
                m.put("before", t.before() == null ? none : labels.value(t.type(), t.before()));
                m.put("after", t.after() == null ? none : labels.value(t.type(), t.after()));
                m.put("count", t.count());
                transitions.add(m);
            }
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("types", new ArrayList<>(byType.keySet()));
        chart.put("typeLabels", byType.keySet().stream().map(labels::type).toList());
        chart.put("unchanged", byType.values().stream().map(c -> c[0]).toList());
        chart.put("changed", byType.values().stream().map(c -> c[1]).toList());
        chart.put("transitions", transitions);
        return chart;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
