package com.example.aftersales.console;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.replay.ReplayService;

/** Recorded cases: a searchable, paged list, and each case with every evaluation and why each decision was made. */
@Controller
@RequestMapping("/console/cases")
class CasePages {

    static final int PAGE_SIZE = 25;

    /** The decision types of the policy (README, "Decision codes"), for the search form. */
    static final List<String> DECISION_TYPES = List.of("WARRANTY", "HANDLING", "RESPONSE_DEADLINE",
            "SAME_BATCH_INSPECTION", "TEMPORARY_LEAD", "REMEDY", "COMPENSATION", "REGULATED_DISPOSAL", "APPROVAL",
            "MAJOR_INCIDENT", "CUSTOMER_TRAINING", "NOTICE_CIRCULATION", "FOUR_NO_LET_GO", "RECTIFICATION_ORDER",
            "SATISFACTION_CALL");

    private final CaseSearch search;
    private final CaseService cases;
    private final ReplayService replays;

    CasePages(CaseSearch search, CaseService cases, ReplayService replays) {
        this.search = search;
        this.cases = cases;
        this.replays = replays;
    }

    @GetMapping
    String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String product, @RequestParam(required = false) String unit,
                @RequestParam(required = false) String ref, @RequestParam(required = false) String decisionType,
                @RequestParam(required = false) String decisionValue, @RequestParam(defaultValue = "0") int page,
                Model model) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("The period ends (" + to + ") before it starts (" + from + ").");
        }
        var zone = replays.zone();
        CaseSearch.Criteria criteria = new CaseSearch.Criteria(
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
                product, unit, ref, decisionType, decisionValue);
        model.addAttribute("result", search.search(criteria, Math.max(0, page), PAGE_SIZE));
        model.addAttribute("decisionTypes", DECISION_TYPES);
        model.addAttribute("zone", zone);
        return "console/cases";
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("history", cases.find(id));
        return "console/case";
    }
}
