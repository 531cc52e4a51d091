package com.example.aftersales.cases.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.text.Text;

/** The case search ({@link CaseSearch}) for other systems: the console's case list as JSON. */
@RestController
@RequestMapping("/api")
@Tag(name = "Cases")
class CaseSearchController {

    /**
     * A page of the cases found: {@code total} is exact unless {@code more} (then at least that many: the count
     * stopped at aftersales.search.max-count, and so do the pages; never for free text without a decision, which is
     * counted whole); {@code facets} count the whole filter, null when
     * not asked for or not found within the search's deadline ({@code facetsStopped}).
     */
    record Answer(List<CaseSearch.Row> items, int page, int size, long total, boolean more, long pages, String sort,
                  CaseSearch.Facets facets, boolean facetsStopped) {
    }

    private final CaseSearch search;
    private final SearchProperties properties;
    private final ZoneId zone;

    CaseSearchController(CaseSearch search, SearchProperties properties) {
        this.search = search;
        this.properties = properties;
        this.zone = properties.zone();
    }

    @GetMapping("/cases")
    @Operation(summary = "Search the recorded cases, a page at a time: q (free text: customer or product name, the start "
            + "of the reference, product code, categories, unit or province by code or label, any case), from/to "
            + "(dates received, in aftersales.search.zone), product (code or category), unit, ref (start of the "
            + "reference), decisionType/decisionValue (latest evaluation); page (from 0), size (1 to "
            + "aftersales.search.max-page-size), sort received|ref|product|unit (a leading - reverses; default "
            + "-received), facets=true for counts by product category, unit and decision type of the whole filter")
    Answer cases(@RequestParam(required = false) String q,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                 @RequestParam(required = false) String product, @RequestParam(required = false) String unit,
                 @RequestParam(required = false) String ref, @RequestParam(required = false) String decisionType,
                 @RequestParam(required = false) String decisionValue,
                 @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size,
                 @RequestParam(required = false) String sort, @RequestParam(defaultValue = "false") boolean facets) {
        if (page < 0) throw new InvalidParameterException("page", Text.of("paging.page"));
        if (size != null && (size < 1 || size > properties.maxPageSize())) {
            throw new InvalidParameterException("size", Text.of("paging.size", properties.maxPageSize()));
        }
        if (!CaseSearch.knownSort(sort)) {
            throw new InvalidParameterException("sort", Text.of("paging.sort", String.join(", ", CaseSearch.SORTS.keySet())));
        }
        if (q != null && q.strip().length() > CaseSearch.MAX_TEXT) {
            throw new InvalidParameterException("q", Text.of("search.textTooLong", CaseSearch.MAX_TEXT));
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidParameterException("to", Text.of("followup.toBeforeFrom"));
        }
        CaseSearch.Criteria criteria = new CaseSearch.Criteria(
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
                product, unit, ref, decisionType, decisionValue).withText(q);
        CaseSearch.Found found = search.find(criteria, page, size, sort, facets);
        CaseSearch.Page p = found.page();
        return new Answer(p.rows(), p.page(), p.size(), p.total(), p.more(), p.pages(),
                sort == null || sort.isBlank() ? CaseSearch.DEFAULT_SORT : sort.trim(), found.facets(), found.facetsStopped());
    }
}
