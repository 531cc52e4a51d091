package com.example.aftersales.policy;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the rule files are read from and how many rule firings one evaluation may take.
 *
 * @param baseDir    the folder holding {@code rules/} and {@code decision-tables/}
 * @param maxFirings beyond this many firings an evaluation is stopped as a runaway rule
 */
@ConfigurationProperties("aftersales.rules")
public record RulesProperties(@DefaultValue(".") String baseDir, @DefaultValue("1000") int maxFirings) {

    /** The folder as a path; kept a string above so that Spring does not resolve it as a web resource. */
    public Path baseDirPath() {
        return Path.of(baseDir);
    }
}
