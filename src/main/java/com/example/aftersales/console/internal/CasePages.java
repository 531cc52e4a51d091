package com.example.aftersales.console.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.aftersales.followup.FollowupProperties;
import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.CaseViews;
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
    private final CaseWhy why;
    private final FacetCounts facetCounts;

    CasePages(CaseSearch search, CaseService cases, ReplayService replays, CaseEventService events, Validator validator,
              ObjectProvider<RoleHierarchy> roles, FollowupProperties followup,
              CaseWhy why, FacetCounts facetCounts) {
        this.facetCounts = facetCounts;
        this.why = why;
        this.search = search;
        this.cases = cases;
        this.replays = replays;
        this.events = events;
        this.validator = validator;
        this.roles = roles;
        this.followupZone = followup.zone(); // the follow-up's setting, read once
    }

    /** The result form's lines are read by {@link ResultForm#readLines}, within the API's bound, not by indexed binding. */
    @org.springframework.web.bind.annotation.InitBinder("resultForm")
    void resultFormBinder(org.springframework.web.bind.WebDataBinder binder) {
        binder.setDisallowedFields("lines*");
    }

    @GetMapping
    String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String product, @RequestParam(required = false) String unit,
                @RequestParam(required = false) String ref, @RequestParam(required = false) String decisionType,
                @RequestParam(required = false) String decisionValue, @RequestParam(defaultValue = "0") int page,
                @RequestParam(required = false) Integer size, @RequestParam(required = false) String q,
                @RequestParam(required = false) String sort, Model model, HttpServletResponse response,
                HttpSession session, java.util.Locale locale) {
        facetCounts.stop(session.getId()); // the facets of the page before, if still counted: no longer looked at
        CaseSearch.Criteria criteria = criteria(from, to, product, unit, ref, decisionType, decisionValue, q, sort);
        model.addAttribute("decisionTypes", DECISION_TYPES);
        model.addAttribute("zone", replays.zone());
        model.addAttribute("sort", sort == null || sort.isBlank() ? CaseSearch.DEFAULT_SORT : sort.trim());
        try {
            // the page first; its facets (counted over the whole filter, the slower part) are asked for once it is drawn
            CaseSearch.Found found = search.find(criteria, Math.max(0, page), size, sort, false);
            model.addAttribute("result", found.page());
        } catch (SearchTimeoutException e) {
            // the form stays, with the reason in words: a narrower search is the way on
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
            model.addAttribute("result", new CaseSearch.Page(List.of(), 0, false, 0, 1));
            model.addAttribute("searchStopped", e.text().in(locale));
        }
        return "console/cases";
    }

    /**
     * The facets of a search (the same parameters as the list), for the list page to fetch once drawn: counted by
     * {@link FacetCounts}, off this thread, one count per session.
     */
    @GetMapping("/facets")
    DeferredResult<ModelAndView> facets(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  @RequestParam(required = false) String product, @RequestParam(required = false) String unit,
                  @RequestParam(required = false) String ref, @RequestParam(required = false) String decisionType,
                  @RequestParam(required = false) String decisionValue, @RequestParam(required = false) String q,
                  @RequestParam(required = false) String sort, HttpSession session) {
        CaseSearch.Criteria criteria = criteria(from, to, product, unit, ref, decisionType, decisionValue, q, sort);
        String shown = sort == null || sort.isBlank() ? CaseSearch.DEFAULT_SORT : sort.trim();
        return facetCounts.count(session.getId(), criteria, facets -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("facets", facets);
            model.put("facetsStopped", facets == null);
            model.put("sort", shown);
            return new ModelAndView("console/cases :: facets", model);
        });
    }

    /** The search asked for, refused in words when it cannot be one. */
    private CaseSearch.Criteria criteria(LocalDate from, LocalDate to, String product, String unit, String ref,
                                         String decisionType, String decisionValue, String q, String sort) {
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
        return new CaseSearch.Criteria(
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(),
                product, unit, ref, decisionType, decisionValue).withText(q);
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model, Authentication user) {
        caseModel(id, model.asMap(), user);
        return "console/case";
    }

    /**
     * Records an event of the case through the follow-up service, as the signed-in person. A refusal (a field that
     * does not fit the type, 400; an event the case's history does not allow, 409) is shown on the case page in
     * words, each bad field's message beside the field, with the form as it was sent; nothing is recorded then.
     */
    @PostMapping("/{id}/events")
    ModelAndView recordEvent(@PathVariable long id, EventForm form, Principal principal, Authentication user,
                             RedirectAttributes redirect) {
        Fields fields = new Fields();
        EventRequest request = form.request(followupZone, fields);
        return submit(id, "event", form, request, fields, principal, user, redirect);
    }

    /**
     * Records the investigation's findings (a FINDINGS_RECORDED event, which evaluates the case again: the same
     * service call as {@code POST /api/cases/{id}/events}), with the same refusals as the API, beside each field.
     */
    @PostMapping("/{id}/findings")
    ModelAndView recordFindings(@PathVariable long id, FindingsForm form, Principal principal, Authentication user,
                                RedirectAttributes redirect) {
        Fields fields = new Fields();
        EventRequest request = form.request(followupZone, fields);
        return submit(id, "findings", form, request, fields, principal, user, redirect);
    }

    /** Records the result form (RESULT_FORM_RECEIVED) with its returned, replaced and compensated lines. */
    @PostMapping("/{id}/result-form")
    ModelAndView recordResultForm(@PathVariable long id, ResultForm form, jakarta.servlet.http.HttpServletRequest http,
                                  Principal principal, Authentication user, RedirectAttributes redirect) {
        Fields fields = new Fields();
        form.readLines(http.getParameterMap(), fields);
        EventRequest request = form.request(followupZone, fields);
        return submit(id, "result", form, request, fields, principal, user, redirect);
    }

    private ModelAndView submit(long id, String which, Object form, EventRequest request, Fields fields, Principal principal,
                                Authentication user, RedirectAttributes redirect) {
        java.util.Set<String> typed = new java.util.HashSet<>();
        fields.errors.forEach(f -> typed.add(f.field()));
        for (ConstraintViolation<EventRequest> v : validator.validate(request)) {
            String field = v.getPropertyPath().toString();
            if (!typed.contains(field)) { // a value that could not be read is said once, as typed
                fields.add(field, v.getMessage());
            }
        }
        EventRefusal refusal = fields.errors.isEmpty() ? null
                : new EventRefusal(400, (fields.errors.size() == 1 ? Text.of("problem.oneField") : Text.of("problem.fields", fields.errors.size()))
                        .inRequestLanguage(), fields.errors);
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
        page.addObject(which + "Form", form);
        page.addObject("refused", which);
        page.addObject("refusal", refusal);
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (com.example.aftersales.contract.FieldProblem f : refusal.errors()) {
            byField.computeIfAbsent(f.field(), k -> new ArrayList<>()).add(f.message());
        }
        page.addObject("fieldErrors", byField);
        return page;
    }

    private void caseModel(long id, Map<String, Object> model, Authentication user) {
        CaseViews.CaseHistory history = cases.find(id);
        model.put("history", history);
        model.put("events", events.list(id));
        model.put("eventTypes", EventForm.TYPES);
        model.put("canRecord", canRecord(user));
        model.put("followupZone", followupZone);
        model.put("form", new EventForm());
        model.put("eventForm", model.get("form"));
        model.put("findingsForm", FindingsForm.of(history.caseData().findings()));
        model.put("resultForm", ResultForm.blank(history.caseData().product()));
        model.put("fieldErrors", Map.of());
        if (!history.evaluations().isEmpty()) {
            var latest = history.evaluations().get(history.evaluations().size() - 1);
            model.put("why", why.of(latest, history.caseData()));
        }
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

    /** The bad fields of a form as typed, each by the name the API gives it ({@code findings.directLossCny}, {@code lines[0].quantity}). */
    static final class Fields {

        final List<com.example.aftersales.contract.FieldProblem> errors = new ArrayList<>();

        void add(String field, String message) {
            errors.add(com.example.aftersales.contract.FieldProblem.of(field, message));
        }

        OffsetDateTime moment(String field, String text, ZoneId zone) {
            try {
                return Moments.parse(field, text, zone);
            } catch (BadInput e) {
                add(field, e.text().inRequestLanguage());
                return null;
            }
        }

        Boolean bool(String field, String s) {
            if (blank(s)) return null;
            return switch (s.trim()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> {
                    add(field, Text.of("console.notYesNo", s, field).inRequestLanguage());
                    yield null;
                }
            };
        }

        <T> T number(String field, String s, java.util.function.Function<String, T> parse) {
            if (blank(s)) return null;
            try {
                return parse.apply(s.trim());
            } catch (NumberFormatException e) {
                add(field, Text.of("console.notWholeNumber", s, field).inRequestLanguage());
                return null;
            }
        }

        BigDecimal amount(String field, String s) {
            if (blank(s)) return null;
            try {
                return new BigDecimal(s.trim().replace(",", "").replace("，", ""));
            } catch (NumberFormatException e) {
                add(field, Text.of("console.notAmount", s, field).inRequestLanguage());
                return null;
            }
        }

        static String text(String s) {
            return blank(s) ? null : s.trim();
        }

        static boolean blank(String s) {
            return s == null || s.isBlank();
        }
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

        EventRequest request(ZoneId zone, Fields fields) {
            OffsetDateTime at = fields.moment("occurredAt", occurredAt, zone);
            return new EventRequest(Fields.text(type), at, null, null, fields.bool("customerSigned", customerSigned), null,
                    fields.bool("satisfied", satisfied), Fields.text(remarks),
                    fields.number("orderId", orderId, Long::valueOf), fields.number("archiveYear", archiveYear, Integer::valueOf));
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

    /** The findings of the investigation, as a quality manager types them: recorded as FINDINGS_RECORDED. */
    static final class FindingsForm {

        private String occurredAt;
        private String cause;
        private String repairable;
        private String problemProductOnSite;
        private String directLossCny;
        private String compensationClaimed;
        private String remedyValueCny;
        private String staffDispatched;
        private String representative;
        private String remarks;

        /** Prefilled with the findings recorded so far, if any: a correction changes what differs. */
        static FindingsForm of(com.example.aftersales.cases.CaseData.Findings f) {
            FindingsForm form = new FindingsForm();
            if (f != null) {
                form.cause = f.cause();
                form.repairable = str(f.repairable());
                form.problemProductOnSite = str(f.problemProductOnSite());
                form.directLossCny = f.directLossCny() == null ? null : f.directLossCny().toPlainString();
                form.compensationClaimed = str(f.compensationClaimed());
                form.remedyValueCny = f.remedyValueCny() == null ? null : f.remedyValueCny().toPlainString();
                form.staffDispatched = str(f.staffDispatched());
                form.representative = str(f.representative());
            }
            return form;
        }

        private static String str(Object o) {
            return o == null ? null : o.toString();
        }

        EventRequest request(ZoneId zone, Fields fields) {
            OffsetDateTime at = fields.moment("occurredAt", occurredAt, zone);
            var findings = new com.example.aftersales.cases.CaseData.Findings(Fields.text(cause),
                    fields.bool("findings.repairable", repairable), fields.bool("findings.problemProductOnSite", problemProductOnSite),
                    fields.amount("findings.directLossCny", directLossCny), fields.bool("findings.compensationClaimed", compensationClaimed),
                    fields.amount("findings.remedyValueCny", remedyValueCny),
                    fields.number("findings.staffDispatched", staffDispatched, Integer::valueOf),
                    fields.bool("findings.representative", representative));
            return new EventRequest("FINDINGS_RECORDED", at, null, findings, null, null, null, Fields.text(remarks), null, null);
        }

        public String getOccurredAt() { return occurredAt; }
        public void setOccurredAt(String v) { occurredAt = v; }
        public String getCause() { return cause; }
        public void setCause(String v) { cause = v; }
        public String getRepairable() { return repairable; }
        public void setRepairable(String v) { repairable = v; }
        public String getProblemProductOnSite() { return problemProductOnSite; }
        public void setProblemProductOnSite(String v) { problemProductOnSite = v; }
        public String getDirectLossCny() { return directLossCny; }
        public void setDirectLossCny(String v) { directLossCny = v; }
        public String getCompensationClaimed() { return compensationClaimed; }
        public void setCompensationClaimed(String v) { compensationClaimed = v; }
        public String getRemedyValueCny() { return remedyValueCny; }
        public void setRemedyValueCny(String v) { remedyValueCny = v; }
        public String getStaffDispatched() { return staffDispatched; }
        public void setStaffDispatched(String v) { staffDispatched = v; }
        public String getRepresentative() { return representative; }
        public void setRepresentative(String v) { representative = v; }
        public String getRemarks() { return remarks; }
        public void setRemarks(String v) { remarks = v; }
    }

    /**
     * The result form (P14) as typed: whether the customer signed, and its lines of products returned, replaced or
     * compensated. A line left wholly blank is no line; the form offers {@link #LINES} of them.
     */
    static final class ResultForm {

        static final int LINES = 5;
        /** The most lines a form may send (the API's limit). */
        static final int MAX_LINES = 100;
        // a form of more lines than the API takes is sent to the service as it is: refused there, on "lines", in words

        private String occurredAt;
        private String customerSigned;
        private String remarks;
        private List<Line> lines = new ArrayList<>();

        static ResultForm blank(com.example.aftersales.cases.CaseData.Product product) {
            ResultForm form = new ResultForm();
            for (int i = 0; i < LINES; i++) {
                form.lines.add(new Line());
            }
            return form;
        }

        private static final java.util.regex.Pattern LINE_FIELD = java.util.regex.Pattern.compile(
                "lines\\[(\\d{1,6})]\\.(disposition|productCode|productName|spec|quantity|reason)");

        /**
         * The lines as sent ({@code lines[0].quantity}...), in the order of their numbers; a number beyond what the
         * API takes is said on {@code lines} and not read.
         */
        void readLines(Map<String, String[]> parameters, Fields fields) {
            java.util.TreeMap<Integer, Line> byNumber = new java.util.TreeMap<>();
            boolean tooMany = false;
            for (var p : parameters.entrySet()) {
                java.util.regex.Matcher m = LINE_FIELD.matcher(p.getKey());
                if (!m.matches() || p.getValue().length == 0) {
                    continue;
                }
                int number = Integer.parseInt(m.group(1));
                if (number > MAX_LINES) {
                    tooMany = true;
                    continue;
                }
                Line line = byNumber.computeIfAbsent(number, k -> new Line());
                String v = p.getValue()[0];
                switch (m.group(2)) {
                    case "disposition" -> line.disposition = v;
                    case "productCode" -> line.productCode = v;
                    case "productName" -> line.productName = v;
                    case "spec" -> line.spec = v;
                    case "quantity" -> line.quantity = v;
                    default -> line.reason = v;
                }
            }
            lines = new ArrayList<>(byNumber.values());
            if (tooMany) {
                fields.add("lines", Text.of("console.tooManyLines", MAX_LINES).inRequestLanguage());
            }
            while (lines.size() < LINES) {
                lines.add(new Line());
            }
        }

        EventRequest request(ZoneId zone, Fields fields) {
            OffsetDateTime at = fields.moment("occurredAt", occurredAt, zone);
            List<EventRequest.ResultLine> sent = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (l == null || l.isBlank()) {
                    continue;
                }
                // the line's number as the API would see it: blank lines are not sent
                String at2 = "lines[" + sent.size() + "]";
                sent.add(new EventRequest.ResultLine(Fields.text(l.disposition), Fields.text(l.productCode),
                        Fields.text(l.productName), Fields.text(l.spec),
                        fields.number(at2 + ".quantity", l.quantity, Integer::valueOf), Fields.text(l.reason)));
                l.index = sent.size() - 1;
            }
            return new EventRequest("RESULT_FORM_RECEIVED", at, null, null, fields.bool("customerSigned", customerSigned),
                    sent.isEmpty() ? null : sent, null, Fields.text(remarks), null, null);
        }

        public String getOccurredAt() { return occurredAt; }
        public void setOccurredAt(String v) { occurredAt = v; }
        public String getCustomerSigned() { return customerSigned; }
        public void setCustomerSigned(String v) { customerSigned = v; }
        public String getRemarks() { return remarks; }
        public void setRemarks(String v) { remarks = v; }
        public List<Line> getLines() { return lines; }
        public void setLines(List<Line> v) { lines = v == null ? new ArrayList<>() : v; }

        /** One line; {@code index} is its place among the lines sent (for its errors), -1 when blank. */
        public static final class Line {
            private String disposition;
            private String productCode;
            private String productName;
            private String spec;
            private String quantity;
            private String reason;
            private int index = -1;

            boolean isBlank() {
                return Fields.blank(disposition) && Fields.blank(productCode) && Fields.blank(productName)
                        && Fields.blank(spec) && Fields.blank(quantity) && Fields.blank(reason);
            }

            public String getDisposition() { return disposition; }
            public void setDisposition(String v) { disposition = v; }
            public String getProductCode() { return productCode; }
            public void setProductCode(String v) { productCode = v; }
            public String getProductName() { return productName; }
            public void setProductName(String v) { productName = v; }
            public String getSpec() { return spec; }
            public void setSpec(String v) { spec = v; }
            public String getQuantity() { return quantity; }
            public void setQuantity(String v) { quantity = v; }
            public String getReason() { return reason; }
            public void setReason(String v) { reason = v; }
            public int getIndex() { return index; }
        }
    }
}
