package com.example.aftersales.console.internal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import jakarta.servlet.http.HttpServletRequest;

import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.rulesets.RulesetStore;

/** The console's start page: the active version, the latest activations and replays, the newest cases. */
@Controller
class HomeController {

    private final RulesetStore rulesets;
    private final ReplayService replays;
    private final CaseSearch cases;

    HomeController(RulesetStore rulesets, ReplayService replays, CaseSearch cases) {
        this.rulesets = rulesets;
        this.replays = replays;
        this.cases = cases;
    }

    @GetMapping({"/console", "/console/"})
    String home(Model model) {
        var versions = rulesets.versions();
        model.addAttribute("active", versions.stream().filter(RulesetStore.Version::active).findFirst().orElse(null));
        model.addAttribute("versionCount", versions.size());
        model.addAttribute("activations", rulesets.activations().stream().limit(5).toList());
        model.addAttribute("replays", replays.recent(5));
        model.addAttribute("cases", cases.search(new CaseSearch.Criteria(null, null, null, null, null, null, null), 0, 5));
        return "console/home";
    }

    /** Any other console address: a page in words, not the API's JSON. */
    @RequestMapping("/console/**")
    String notFound(HttpServletRequest request) {
        throw new ConsoleAdvice.PageNotFoundException(request.getRequestURI());
    }
}
