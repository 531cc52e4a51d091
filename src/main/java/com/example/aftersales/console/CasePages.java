package com.example.aftersales.console;

import java.security.Principal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.SearchTimeoutException;
import com.example.aftersales.followup.CaseEvent;
import com.example.aftersales.followup.CaseEventService;
import com.example.aftersales.followup.EventRefusal;
import com.example.aftersales.followup.EventRequest;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.text.Text;

/**
 * Recorded cases: a searchable, paged list, and each case with every evaluation and why each decision was made, its
 * events (who recorded what, when) and, for quality managers, a form to record the next event.
 */
@Controller
@RequestMapping("/console/cases")
class CasePages {

    /** The decision types of the policy (README, "Decision codes"), for the search form. */
    static final List<String> DECISION_TYPES = List.of("WARRANTY", "HANDLING", "RESPONSE_DEADLINE",
            "SAME_BATCH_INSPECTION", "TEMPORARY_LEAD", "REMEDY", "COMPENSATION", "REGULATED_DISPOSAL", "APPROVAL",
            "MAJOR_INCIDENT", "CUSTOMER_TRAINING", "NOTICE_CIRCULATION", "FOUR_NO_LET_GO", "RECTIFICATION_ORDER",
            "SATISFACTION_CALL");

    private final CaseSearch search;
    private final CaseService cases;
    private final ReplayService replays;

    private final CaseEventService events;
    private final Validator validator;
    private final ObjectProvider<RoleHierarchy> roles;
    private final ZoneId followupZone;

    CasePages(CaseSearch search, CaseService cases, ReplayService replays, CaseEventService events, Validator validator,
              ObjectProvider<RoleHierarchy> roles, @Value("${aftersales.followup.zone:Asia/Shanghai}") ZoneId followupZone) {
        this.search = search;
        this.cases = cases;
        this.replays = replays;
        this.events = events;
        this.validator = validator;
        this.roles = roles;
        this.followupZone = followupZone;
    }

    @GetMapping
    String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String product, @RequestParam(required = false) String unit,
                @RequestParam(required = false) String ref, @RequestParam(required = false) String decisionType,
                @RequestParam(required = false) String decisionValue, @RequestParam(defaultValue = "0") int page,
                @RequestParam(required = false) Integer size, @RequestParam(required = false) String q,
                @RequestParam(required = false) String sort, Model model, HttpServletResponse response,
                java.util.Locale locale) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new BadInput("console.periodReversed", to, from);
        }
        if (!CaseSearch.knownSort(sort)) {
            throw new BadInput("console.sort", sort);
        }
        if (q != null && q.strip().length() > CaseSearch.MAX_TEXT) {
            throw new BadInput("console.searchText", CaseSearch.MAX_TEXT);
        }
        var zone = replays.zone();
        CaseSearch.Criteria criteria = new CaseSearch.Criteria(
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
                product, unit, ref, decisionType, decisionValue).withText(q);
        model.addAttribute("decisionTypes", DECISION_TYPES);
        model.addAttribute("zone", zone);
        model.addAttribute("sort", sort == null || sort.isBlank() ? CaseSearch.DEFAULT_SORT : sort.trim());
        try {
            CaseSearch.Found found = search.find(criteria, Math.max(0, page), size, sort, true);
            model.addAttribute("result", found.page());
            model.addAttribute("facets", found.facets());
            model.addAttribute("facetsStopped", found.facetsStopped());
        } catch (SearchTimeoutException e) {
            // the form stays, with the reason in words: a narrower search is the way on
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
            model.addAttribute("result", new CaseSearch.Page(List.of(), 0, false, 0, 1));
            model.addAttribute("searchStopped", e.text().in(locale));
        }
        return "console/cases";
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model, Authentication user) {
        caseModel(id, model, user);
        model.addAttribute("form", new EventForm());
        return "console/case";
    }

    /**
     * Records an event of the case through the follow-up service, as the signed-in person. A refusal (a field that
     * does not fit the type, 400; an event the case's history does not allow, 409) is shown on the case page in
     * words, with the form as it was sent; nothing is recorded then.
     */
    @PostMapping("/{id}/events")
    ModelAndView recordEvent(@PathVariable long id, EventForm form, Principal principal, Authentication user,
                             RedirectAttributes redirect) {
        List<EventRefusal.Field> errors = new ArrayList<>();
        EventRequest request = null;
        try {
            request = form.request(followupZone);
        } catch (BadInput e) {
            errors.add(new EventRefusal.Field("occurredAt", e.text().inRequestLanguage()));
        } catch (IllegalArgumentException e) {
            errors.add(new EventRefusal.Field("occurredAt", Text.of("field.dateTime").inRequestLanguage()));
        }
        if (request != null) {
            for (ConstraintViolation<EventRequest> v : validator.validate(request)) {
                errors.add(new EventRefusal.Field(v.getPropertyPath().toString(), v.getMessage()));
            }
        }
        EventRefusal refusal = errors.isEmpty() ? null
                : new EventRefusal(400, (errors.size() == 1 ? Text.of("problem.oneField") : Text.of("problem.fields", errors.size()))
                        .inRequestLanguage(), errors);
        if (refusal == null) {
            try {
                CaseEvent event = events.record(id, request, Actor.name(principal));
                redirect.addFlashAttribute("message", "events.recorded");
                return new ModelAndView("redirect:/console/cases/" + id + "#event-" + event.seq());
            } catch (RuntimeException e) {
                refusal = EventRefusal.of(e).orElseThrow(() -> e);
            }
        }
        ModelAndView page = new ModelAndView("console/case", HttpStatus.valueOf(refusal.status()));
        caseModel(id, page.getModelMap(), user);
        page.addObject("form", form);
        page.addObject("refusal", refusal);
        return page;
    }

    private void caseModel(long id, java.util.Map<String, Object> model, Authentication user) {
        model.put("history", cases.find(id));
        model.put("events", events.list(id));
        model.put("eventTypes", EventForm.TYPES);
        model.put("canRecord", canRecord(user));
        model.put("followupZone", followupZone);
    }

    private void caseModel(long id, Model model, Authentication user) {
        caseModel(id, model.asMap(), user);
    }

    /** Quality managers record events (SecurityConfig); ADMIN holds that role too. */
    private boolean canRecord(Authentication user) {
        if (user == null) {
            return false;
        }
        RoleHierarchy hierarchy = roles.getIfAvailable();
        var authorities = hierarchy == null ? user.getAuthorities() : hierarchy.getReachableGrantedAuthorities(user.getAuthorities());
        return authorities.stream().anyMatch(a -> "ROLE_QUALITY_MANAGER".equals(a.getAuthority()));
    }

    /**
     * The event form: the fields a person records by hand. Blank fields are left out, so a field that does not
     * belong to the type is refused by the service only when it was filled in.
     */
    static final class EventForm {

        /** The types the form offers (FINDINGS_RECORDED needs the findings' fields: through the API). */
        static final List<String> TYPES = List.of("ON_SITE_ARRIVAL", "RESULT_FORM_RECEIVED", "SATISFACTION_CALL",
                "CORRECTIVE_ACTION_OPENED", "CORRECTIVE_ACTION_VERIFIED", "NOTICE_CIRCULATED",
                "RECTIFICATION_ORDER_ISSUED", "RECTIFICATION_ORDER_CLOSED", "CASE_CLOSED", "ARCHIVED");

        private String type;
        private String occurredAt;
        private String customerSigned;
        private String satisfied;
        private String remarks;
        private String orderId;
        private String archiveYear;

        EventRequest request(java.time.ZoneId zone) {
            java.time.OffsetDateTime at = Moments.parse("occurredAt", occurredAt, zone);
            return new EventRequest(blank(type) ? null : type.trim(), at, null, null, bool("customerSigned", customerSigned), null,
                    bool("satisfied", satisfied), blank(remarks) ? null : remarks.trim(),
                    number("orderId", orderId, Long::valueOf), number("archiveYear", archiveYear, Integer::valueOf));
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static Boolean bool(String field, String s) {
            if (blank(s)) return null;
            return switch (s.trim()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new BadInput("console.notYesNo", s, field);
            };
        }

        private static <T> T number(String field, String s, java.util.function.Function<String, T> parse) {
            if (blank(s)) return null;
            try {
                return parse.apply(s.trim());
            } catch (NumberFormatException e) {
                throw new BadInput("console.notWholeNumber", s, field);
            }
        }

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getOccurredAt() { return occurredAt; }
        public void setOccurredAt(String occurredAt) { this.occurredAt = occurredAt; }
        public String getCustomerSigned() { return customerSigned; }
        public void setCustomerSigned(String customerSigned) { this.customerSigned = customerSigned; }
        public String getSatisfied() { return satisfied; }
        public void setSatisfied(String satisfied) { this.satisfied = satisfied; }
        public String getRemarks() { return remarks; }
        public void setRemarks(String remarks) { this.remarks = remarks; }
        public String getOrderId() { return orderId; }
        public void setOrderId(String orderId) { this.orderId = orderId; }
        public String getArchiveYear() { return archiveYear; }
        public void setArchiveYear(String archiveYear) { this.archiveYear = archiveYear; }
    }
}
