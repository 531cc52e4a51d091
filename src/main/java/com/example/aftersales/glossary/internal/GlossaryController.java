package com.example.aftersales.glossary.internal;

import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.text.LanguageProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/glossary")
@Tag(name = "Glossary", description = "Chinese and English labels of every code the API answers with")
class GlossaryController {

    static final Locale CHINESE = Locale.forLanguageTag("zh-CN");
    private static final String LANGUAGE_HELP = "zh-CN or en: the language of each `label` (default: aftersales.i18n.default-locale, zh-CN)";

    private final Locale fallback;

    GlossaryController(LanguageProperties language) {
        Locale fallback = language.defaultLocale();
        this.fallback = "en".equals(fallback.getLanguage()) ? Locale.ENGLISH : CHINESE;
    }

    /** A code's labels: both languages, and the one asked for as {@code label}. */
    record LabelView(String zh, String en, String label, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> aliases) {
    }

    record CodeSetView(String name, String zh, String en, String label, Map<String, LabelView> codes) {
    }

    record GlossaryView(String language, Map<String, CodeSetView> codeSets) {
    }

    @GetMapping
    @Operation(summary = "Every code set with its codes' Chinese and English labels", description = """
            Code sets: decisionTypes, decisionValues.<TYPE> (one per decision type; RESPONSE_DEADLINE's value is a \
            time), causes, channels, productCategories, problemCategories and units (open lists: an unknown code is \
            shown as it is), provinces (as the data spells them, matched ignoring case and spaces; aliases are other \
            spellings), eventTypes, dispositions, deadlineKinds, replayStatuses, rectificationOrderStatuses, \
            noticeStatuses, rectificationMeasures, roles, clauses (P1-P21).""")
    ResponseEntity<GlossaryView> glossary(@Parameter(in = ParameterIn.HEADER, name = HttpHeaders.ACCEPT_LANGUAGE, description = LANGUAGE_HELP)
                                          @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        Locale locale = language(acceptLanguage, fallback);
        Map<String, CodeSetView> sets = new LinkedHashMap<>();
        Glossary.codeSets().forEach(s -> sets.put(s.name(), view(s, locale)));
        return answer(locale, new GlossaryView(locale.toLanguageTag(), sets));
    }

    @GetMapping("/{codeSet}")
    @Operation(summary = "One code set, e.g. decisionTypes or decisionValues.APPROVAL; 404 when there is none of that name")
    ResponseEntity<CodeSetView> codeSet(@PathVariable String codeSet,
                                        @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.ACCEPT_LANGUAGE, description = LANGUAGE_HELP)
                                        @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        Locale locale = language(acceptLanguage, fallback);
        Glossary.CodeSet set = Glossary.codeSet(codeSet).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no code set '" + codeSet + "'; GET /api/glossary lists them all."));
        return answer(locale, view(set, locale));
    }

    /** The first language of the header that the glossary has; {@code fallback} when there is none or no header. */
    static Locale language(String acceptLanguage, Locale fallback) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return fallback;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                String tag = range.getRange();
                if (tag.startsWith("zh")) {
                    return CHINESE;
                }
                if (tag.startsWith("en")) {
                    return Locale.ENGLISH;
                }
            }
        } catch (IllegalArgumentException e) {
            // not a language list: the default
        }
        return fallback;
    }

    private static <T> ResponseEntity<T> answer(Locale locale, T body) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).body(body);
    }

    private static CodeSetView view(Glossary.CodeSet set, Locale locale) {
        Map<String, LabelView> codes = new LinkedHashMap<>();
        set.codes().forEach(c -> codes.put(c.code(),
                new LabelView(c.label().zh(), c.label().en(), c.label().in(locale), c.aliases())));
        return new CodeSetView(set.name(), set.title().zh(), set.title().en(), set.title().in(locale), codes);
    }
}
