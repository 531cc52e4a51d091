package com.example.aftersales.console.internal;

import java.security.Principal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.example.aftersales.followup.FollowupProperties;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.shadow.ShadowRun;
import com.example.aftersales.shadow.ShadowService;

/**
 * Shadow runs in the console: the runs with their agreement, a form to start one (a stored valid draft, an optional
 * end and number of cases) and a run's page — agreement, differences by decision type, the money as on an impact,
 * the differing cases with links to them — refreshed while it runs. Starting and stopping: quality managers and
 * analysts ({@code may.shadow}); auditors read.
 */
@Controller
@RequestMapping("/console/shadow-runs")
class ShadowPages {

    static final int PAGE_SIZE = 25;

    private final ShadowService shadows;
    private final RulesetStore rulesets;
    private final ZoneId zone;

    ShadowPages(ShadowService shadows, RulesetStore rulesets, FollowupProperties followup) {
        this.shadows = shadows;
        this.rulesets = rulesets;
        this.zone = followup.zone();
    }

    @GetMapping
    String list(Model model) {
        List<ShadowRun> runs = shadows.recent(50);
        model.addAttribute("runs", runs);
        model.addAttribute("drafts", rulesets.versions().stream()
                .filter(v -> !v.active() && Boolean.TRUE.equals(v.valid())).limit(50).toList());
        model.addAttribute("maxConcurrent", shadows.maxConcurrent());
        model.addAttribute("running", runs.stream().filter(ShadowRun::running).count());
        return "console/shadow-runs";
    }

    @PostMapping
    String start(@RequestParam(value = "draftVersion", required = false) String draftVersion,
                 @RequestParam(value = "endsAt", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime endsAt,
                 @RequestParam(value = "maxCases", required = false) Long maxCases,
                 Principal principal, RedirectAttributes redirect) {
        OffsetDateTime ends = endsAt == null ? null : endsAt.atZone(zone).toOffsetDateTime();
        ShadowRun run = shadows.start(draftVersion, ends, maxCases, Actor.name(principal));
        redirect.addFlashAttribute("message", "shadowrun.started");
        return "redirect:/console/shadow-runs/" + run.id();
    }

    @GetMapping("/{id}")
    String run(@PathVariable long id, @RequestParam(value = "type", required = false) String type,
               @RequestParam(value = "page", defaultValue = "0") int page, Model model) {
        ShadowRun run = shadows.find(id);
        model.addAttribute("run", run);
        model.addAttribute("type", type == null || type.isBlank() ? null : type);
        model.addAttribute("differences", shadows.differences(id, type == null || type.isBlank() ? null : type,
                Math.max(0, page), PAGE_SIZE));
        model.addAttribute("impact", ImpactTables.of(run.comparison()));
        model.addAttribute("agreementPercent", run.agreementRate() == null ? null
                : String.format(java.util.Locale.ROOT, "%.1f", run.agreementRate() * 100));
        return "console/shadow-run";
    }

    @PostMapping("/{id}/stop")
    String stop(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        shadows.stop(id, Actor.name(principal));
        redirect.addFlashAttribute("message", "shadowrun.stopped");
        return "redirect:/console/shadow-runs/" + id;
    }
}
