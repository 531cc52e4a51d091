package com.example.aftersales.replay.internal;

import com.example.aftersales.replay.ReplayRun;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.replay.ReplayNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The impact of a ruleset version (a draft, before it is activated): a replay of the last days' recorded cases. */
@RestController
@RequestMapping("/api/rulesets/{version}/impact")
@Tag(name = "Rulesets")
class ImpactController {

    private final ReplayService replays;

    ImpactController(ReplayService replays) {
        this.replays = replays;
    }

    @PostMapping
    @Operation(summary = "Replay recorded cases on this version, against the decisions as recorded",
            description = "With `days`, the last days up to today; without, a window chosen from the data: the whole "
                    + "history up to `aftersales.replay.impact-whole-history-cases` cases, else the last "
                    + "`aftersales.replay.impact-days` days up to the latest recorded case.")
    ResponseEntity<ImpactLink> start(@PathVariable String version, @RequestParam(required = false) Integer days,
                                              java.security.Principal by) {
        long id = replays.impact(version, days, by.getName());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", "/api/replays/" + id).body(link(id));
    }

    @GetMapping
    @Operation(summary = "The latest impact replay of this version: a link to its summary")
    ImpactLink latest(@PathVariable String version) {
        return link(replays.latestFor(version).map(ReplayRun::id).orElseThrow(() -> new ReplayNotFoundException(-1)));
    }

    /** An impact replay and where to read it: its summary, its changed cases, its workbook. */
    record ImpactLink(long replayId, String summary, String changes, String export) {
    }

    private static ImpactLink link(long id) {
        return new ImpactLink(id, "/api/replays/" + id, "/api/replays/" + id + "/changes", "/api/replays/" + id + "/export.xlsx");
    }
}
