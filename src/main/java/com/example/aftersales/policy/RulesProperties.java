package com.example.aftersales.policy;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the rule files are read from, how many rule firings one evaluation may take, and how rule versions are
 * validated and activated.
 *
 * @param baseDir               the folder holding {@code rules/} and {@code decision-tables/}
 * @param maxFirings            beyond this many firings an evaluation is stopped as a runaway rule
 * @param fourEyes              an activation needs a second quality manager's approval
 * @param impactRequired        an activation needs a finished impact replay of the version
 * @param concurrentValidations validations of drafts running at once (each compiles a rule base and runs every scenario)
 */
@ConfigurationProperties("aftersales.rules")
public record RulesProperties(@DefaultValue(".") String baseDir, @DefaultValue("1000") int maxFirings,
                              @DefaultValue("true") boolean fourEyes, @DefaultValue("true") boolean impactRequired,
                              @DefaultValue("2") int concurrentValidations) {

    /** The folder as a path; kept a string above so that Spring does not resolve it as a web resource. */
    public Path baseDirPath() {
        return Path.of(baseDir);
    }
}
