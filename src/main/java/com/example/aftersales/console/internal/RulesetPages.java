package com.example.aftersales.console.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.rulesets.Drafts;
import com.example.aftersales.rulesets.Uploads;
import com.example.aftersales.rulesets.RuleFileDownload;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.rulesets.UnknownRulesetException;

/**
 * Ruleset versions for quality managers: the list with the active one marked, a version's files, validation report
 * and impact, uploading edited files as a draft, activating (and rolling back), the activation history, and the
 * differences between two versions' tables.
 */
@Controller
@RequestMapping("/console/rulesets")
class RulesetPages {

    static final int MAX_COMMENT = 2000;

    private final RulesetStore store;
    private final Drafts drafts;
    private final ReplayService replays;
    private final com.example.aftersales.activation.ActivationGovernance governance;

    private final java.time.Clock clock;

    RulesetPages(RulesetStore store, Drafts drafts, ReplayService replays, java.time.Clock clock,
                 com.example.aftersales.activation.ActivationGovernance governance) {
        this.governance = governance;
        this.clock = clock;
        this.store = store;
        this.drafts = drafts;
        this.replays = replays;
    }

    @GetMapping
    String list(Model model) {
        List<RulesetStore.Version> versions = store.versions();
        List<RulesetStore.Activation> activations = store.activations();
        model.addAttribute("versions", versions);
        // the version that decided before the active one: none on a fresh install (no roll back offered then)
        String active = store.activeVersion();
        model.addAttribute("previous", activations.stream().filter(a -> a.toVersion().equals(active)).findFirst()
                .map(RulesetStore.Activation::fromVersion).filter(p -> !p.equals(active) && store.exists(p)).orElse(null));
        model.addAttribute("pendingRequests", governance.pending());
        model.addAttribute("everActive", activations.stream().map(RulesetStore.Activation::toVersion).distinct().toList());
        return "console/rulesets";
    }

    @PostMapping("/drafts")
    String upload(@RequestParam(value = "files", required = false) List<MultipartFile> files,
                  @RequestParam(value = "comment", required = false) String comment,
                  org.springframework.security.core.Authentication principal,
                  RedirectAttributes redirect) throws IOException {
        Drafts.Author author = drafts.author(principal);
        Drafts.mayChange(names(files), author); // by name, before any file is read
        Drafts.Draft draft = drafts.create(Uploads.read(files), List.of(), trim(comment), author);
        redirect.addFlashAttribute("message", draft.validation().valid() ? "draft.uploaded.valid" : "draft.uploaded.invalid");
        return "redirect:/console/rulesets/" + draft.version();
    }

    /** The names the uploaded files would have in a ruleset, without reading them. */
    static List<String> names(List<MultipartFile> files) {
        return (files == null ? List.<MultipartFile>of() : files).stream()
                .filter(f -> f.getOriginalFilename() != null && !f.getOriginalFilename().isBlank())
                .map(f -> RuleFiles.nameFor(f.getOriginalFilename())).toList();
    }

    @GetMapping("/activations")
    String activations(Model model) {
        model.addAttribute("activations", store.activations());
        model.addAttribute("requests", governance.recent(50));
        model.addAttribute("active", store.activeVersion());
        return "console/activations";
    }

    @GetMapping("/diff")
    String diff(@RequestParam String left, @RequestParam String right, Model model, java.util.Locale locale) {
        model.addAttribute("left", version(left));
        model.addAttribute("right", version(right));
        model.addAttribute("files", TableDiff.between(store.files(left), store.files(right), locale));
        model.addAttribute("versions", store.versions());
        return "console/diff";
    }

    @GetMapping("/{version}")
    String version(@PathVariable String version, Model model, org.springframework.security.core.Authentication principal) {
        RulesetStore.Version v = version(version);
        model.addAttribute("v", v);
        model.addAttribute("mayDraft", principal != null && drafts.mayDraft(principal));
        model.addAttribute("validation", drafts.validationOf(version).orElse(null));
        var impact = replays.latestFor(version).orElse(null);
        model.addAttribute("impact", impact);
        model.addAttribute("impactTables", impact == null ? null : ImpactTables.of(impact)); // its money, in short
        ActivationPages.governance(model, governance, store, version);
        model.addAttribute("versions", store.versions());
        model.addAttribute("activeVersion", store.activeVersion());
        return "console/ruleset";
    }

    @GetMapping("/{version}/files/{*name}")
    ResponseEntity<byte[]> file(@PathVariable String version, @PathVariable String name) {
        return RuleFileDownload.of(store, version, name);
    }

    /**
     * One file of a version, with the row or line that a decision cites marked: {@code source} as decisions give it,
     * {@code decision-tables/x.xlsx!Sheet!11} or {@code rules/y.drl:19}.
     */
    @GetMapping("/{version}/view")
    String view(@PathVariable String version, @RequestParam String source, Model model, java.util.Locale locale) {
        String file = source;
        String sheet = null;
        Integer row = null;
        Integer line = null;
        String[] sheetRow = source.split("!");
        if (sheetRow.length == 3 && sheetRow[2].matches("\\d{1,7}")) {
            file = sheetRow[0];
            sheet = sheetRow[1];
            row = Integer.valueOf(sheetRow[2]);
        } else if (source.matches(".*:\\d{1,7}")) {
            file = source.substring(0, source.lastIndexOf(':'));
            line = Integer.valueOf(source.substring(source.lastIndexOf(':') + 1));
        }
        model.addAttribute("v", version(version));
        RuleFiles files = store.files(version);
        String name = file;
        model.addAttribute("file", TableDiff.between(files, files, locale).stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new com.example.aftersales.rulesets.UnknownRulesetException(version + " (file " + name + ")")));
        model.addAttribute("sheet", sheet);
        model.addAttribute("row", row);
        model.addAttribute("line", line);
        return "console/source";
    }

    @PostMapping("/{version}/scenarios/accept")
    String acceptScenario(@PathVariable String version, @RequestParam("scenario") List<String> scenarios,
                          @RequestParam(value = "comment", required = false) String comment,
                          org.springframework.security.core.Authentication principal, RedirectAttributes redirect) {
        version(version);
        Drafts.Draft draft = drafts.acceptScenarios(version, scenarios, comment, drafts.author(principal), clock);
        redirect.addFlashAttribute("message", draft.validation().valid() ? "draft.uploaded.valid" : "draft.uploaded.invalid");
        return "redirect:/console/rulesets/" + draft.version();
    }

    @PostMapping("/{version}/impact")
    String impact(@PathVariable String version, @RequestParam(required = false) Integer days, Principal principal) {
        version(version);
        return "redirect:/console/replays/" + replays.impact(version, days, Actor.name(principal));
    }

    private RulesetStore.Version version(String version) {
        return store.version(version).orElseThrow(() -> new UnknownRulesetException(version));
    }

    private static String trim(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        String c = comment.strip();
        if (c.length() > MAX_COMMENT) {
            throw new BadInput("console.commentTooLong", MAX_COMMENT);
        }
        return c;
    }
}
