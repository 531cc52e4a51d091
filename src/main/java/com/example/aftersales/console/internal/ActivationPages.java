package com.example.aftersales.console.internal;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.example.aftersales.activation.ActivationGovernance;
import com.example.aftersales.rulesets.RulesetStore;

/**
 * Governed activation in the console: on a version's page, below its impact, a quality manager requests the activation
 * (with why, and the impact replay seen); another quality manager approves or rejects it there. With four eyes off
 * the request activates at once; an emergency roll back too, recorded as such.
 */
@Controller
@RequestMapping("/console/rulesets")
class ActivationPages {

    private final ActivationGovernance governance;

    ActivationPages(ActivationGovernance governance) {
        this.governance = governance;
    }

    /** What a version's page shows of its activation: the pending request, past requests, what a request needs. */
    static void governance(Model model, ActivationGovernance governance, RulesetStore store, String version) {
        model.addAttribute("fourEyes", governance.fourEyes());
        model.addAttribute("impactRequired", governance.impactRequired());
        model.addAttribute("pendingRequest", governance.pendingFor(version).orElse(null));
        model.addAttribute("activationRequests", governance.requestsFor(version));
        model.addAttribute("rollBack", store.everActive(version));
        model.addAttribute("impactSeen", governance.impact(version, null));
        model.addAttribute("shadowSeen", governance.shadow(version).orElse(null));
    }

    @PostMapping("/{version}/activation-requests")
    String request(@PathVariable String version, @RequestParam(value = "comment", required = false) String comment,
                   @RequestParam(value = "impactReplayId", required = false) Long impactReplayId,
                   @RequestParam(value = "emergency", defaultValue = "false") boolean emergency,
                   Principal principal, RedirectAttributes redirect) {
        ActivationGovernance.Request request = governance.request(version, comment, impactReplayId, emergency, Actor.name(principal));
        redirect.addFlashAttribute("message", request.pending() ? "activation.requested" : "ruleset.activated");
        return "redirect:/console/rulesets/" + version;
    }

    /** The form of the console before governance: approves another person's request, or activates with four eyes off. */
    @PostMapping("/{version}/activate")
    String activate(@PathVariable String version, @RequestParam(value = "comment", required = false) String comment,
                    @RequestParam(value = "emergency", defaultValue = "false") boolean emergency,
                    Principal principal, RedirectAttributes redirect) {
        governance.activate(version, comment, null, emergency, Actor.name(principal));
        redirect.addFlashAttribute("message", "ruleset.activated");
        return "redirect:/console/rulesets/" + version;
    }

    @PostMapping("/activation-requests/{id}/approve")
    String approve(@PathVariable long id, @RequestParam(value = "comment", required = false) String comment,
                   Principal principal, RedirectAttributes redirect) {
        ActivationGovernance.Request request = governance.approve(id, comment, Actor.name(principal));
        redirect.addFlashAttribute("message", "ruleset.activated");
        return "redirect:/console/rulesets/" + request.version();
    }

    @PostMapping("/activation-requests/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(value = "comment", required = false) String comment,
                  Principal principal, RedirectAttributes redirect) {
        ActivationGovernance.Request request = governance.reject(id, comment, Actor.name(principal));
        redirect.addFlashAttribute("message", "activation.rejected");
        return "redirect:/console/rulesets/" + request.version();
    }
}
