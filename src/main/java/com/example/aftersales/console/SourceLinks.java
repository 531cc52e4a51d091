package com.example.aftersales.console;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links from a decision's source ({@code decision-tables/x.xlsx!Sheet!11}, {@code rules/y.drl:19}) to that row or
 * line in the version that decided it. Used by the templates as {@code @sources}.
 */
@Component("sources")
class SourceLinks {

    String link(String version, String source) {
        if (version == null || source == null || source.isBlank()) {
            return null;
        }
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/console/rulesets/{version}/view");
        String[] sheetRow = source.split("!");
        if (sheetRow.length == 3) {
            link.queryParam("file", sheetRow[0]).queryParam("sheet", sheetRow[1]).queryParam("row", sheetRow[2]);
        } else {
            int colon = source.lastIndexOf(':');
            if (colon > 0 && source.substring(colon + 1).matches("\\d+")) {
                link.queryParam("file", source.substring(0, colon)).queryParam("line", source.substring(colon + 1));
            } else {
                link.queryParam("file", source);
            }
        }
        return link.buildAndExpand(version).encode().toUriString();
    }
}
