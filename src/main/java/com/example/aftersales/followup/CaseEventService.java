package com.example.aftersales.followup;

import static com.example.aftersales.followup.FollowupExceptions.event;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseNotFoundException;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.CaseViews.CaseResult;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.followup.FollowupExceptions.ImpossibleSequence;
import com.example.aftersales.followup.FollowupExceptions.InvalidInput;
import com.example.aftersales.text.Text;

/**
 * Records the events of a case, append-only, and lists them. An event is checked against its type (which fields it
 * needs, 400) and against what the case has been through (409): nothing but {@code ARCHIVED} after
 * {@code CASE_CLOSED}, nothing after {@code ARCHIVED}; one corrective action open at a time, verified only when open,
 * and the case not closed while one is open (P17, closed loop); a notice circulated once; rectification orders issued
 * when open and closed when issued, by a case of the order. {@code FINDINGS_RECORDED} evaluates the case again
 * exactly as {@code POST /api/cases/{id}/evaluations} does, in the same transaction as the event.
 */
@Service
public class CaseEventService {

    /** How far ahead of the server clock an {@code occurredAt} may be (clocks of the sending systems drift). */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final CaseService cases;
    private final RectificationOrders orders;
    private final FollowupProperties settings;
    private final CaseFollowupState state;

    CaseEventService(JdbcClient jdbc, JsonMapper json, TransactionTemplate transaction, Clock clock, CaseService cases,
                     RectificationOrders orders, FollowupProperties settings, CaseFollowupState state) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
        this.cases = cases;
        this.orders = orders;
        this.settings = settings;
        this.state = state;
    }

    /**
     * Records one event. {@code user} is the authenticated user's name when there is one (then it is who recorded the
     * event, whatever {@code recordedBy} says); without one {@code recordedBy} is required.
     */
    public CaseEvent record(long caseId, EventRequest request, String user) {
        OffsetDateTime receivedAt = receivedAt(caseId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String recordedBy = user != null && !user.isBlank() ? user : request.recordedBy();
        EventType type = request.eventType();
        Integer archiveYear = check(request, type, recordedBy, receivedAt, now);
        if (type == EventType.RECTIFICATION_ORDER_ISSUED || type == EventType.RECTIFICATION_ORDER_CLOSED) {
            orders.sync(List.of(caseId)); // the order this event acts on, should its case not be in it yet
        }
        try {
            return transaction.execute(status -> {
                List<CaseEvent> history = events(caseId);
                checkSequence(type, request, history);
                Long evaluationId = null;
                CaseResult evaluated = null;
                if (type == EventType.FINDINGS_RECORDED) {
                    evaluated = cases.addFindings(caseId, request.findings());
                    evaluationId = evaluated.evaluation().id();
                } else if (type == EventType.RECTIFICATION_ORDER_ISSUED) {
                    orders.issue(request.orderId(), caseId, request.occurredAt(), recordedBy);
                } else if (type == EventType.RECTIFICATION_ORDER_CLOSED) {
                    orders.close(request.orderId(), caseId, request.occurredAt(), recordedBy);
                }
                int seq = history.isEmpty() ? 1 : history.get(history.size() - 1).seq() + 1;
                CaseEvent.Details details = new CaseEvent.Details(request.findings(), request.customerSigned(),
                        request.lines(), request.remarks(), archiveYear);
                long id = insert(caseId, seq, type, request, now, recordedBy, evaluationId, details);
                state.recorded(caseId, type, request.occurredAt());
                CaseEvent event = new CaseEvent(id, caseId, seq, type.name(), request.occurredAt(), now, recordedBy,
                        evaluationId, request.orderId(), details.findings(), details.customerSigned(), details.lines(),
                        request.satisfied(), details.remarks(), archiveYear, null);
                return evaluated == null ? event : event.withEvaluation(evaluated.evaluation());
            });
        } catch (DuplicateKeyException e) {
            throw new ImpossibleSequence(Text.of("followup.concurrent", caseId));
        }
    }

    /** The events of a case, in the order they were recorded. */
    public List<CaseEvent> list(long caseId) {
        receivedAt(caseId);
        return events(caseId);
    }

    /** The fields the type needs and only those, who recorded it, and times that can be; the archive year. */
    private Integer check(EventRequest r, EventType type, String recordedBy, OffsetDateTime receivedAt,
                          OffsetDateTime now) {
        List<FieldProblem> errors = new ArrayList<>();
        if (recordedBy == null || recordedBy.isBlank()) {
            errors.add(new FieldProblem("recordedBy", Text.of("followup.recordedBy")));
        }
        if (r.occurredAt().isBefore(receivedAt)) {
            errors.add(new FieldProblem("occurredAt", Text.of("followup.beforeReceipt", receivedAt)));
        }
        if (r.occurredAt().isAfter(now.plus(CLOCK_TOLERANCE))) {
            errors.add(new FieldProblem("occurredAt", Text.of("followup.future")));
        }
        field(errors, type, EventType.FINDINGS_RECORDED, "findings", r.findings());
        field(errors, type, EventType.RESULT_FORM_RECEIVED, "customerSigned", r.customerSigned());
        if (r.lines() != null && type != EventType.RESULT_FORM_RECEIVED) {
            errors.add(new FieldProblem("lines", Text.of("followup.belongsTo", event(EventType.RESULT_FORM_RECEIVED))));
        }
        field(errors, type, EventType.SATISFACTION_CALL, "satisfied", r.satisfied());
        boolean orderEvent = type == EventType.RECTIFICATION_ORDER_ISSUED || type == EventType.RECTIFICATION_ORDER_CLOSED;
        if (orderEvent && r.orderId() == null) {
            errors.add(new FieldProblem("orderId", Text.of("followup.requiredFor", event(type))));
        } else if (!orderEvent && r.orderId() != null) {
            errors.add(new FieldProblem("orderId", Text.of("followup.belongsToEither",
                    event(EventType.RECTIFICATION_ORDER_ISSUED), event(EventType.RECTIFICATION_ORDER_CLOSED))));
        }
        Integer archiveYear = null;
        if (type == EventType.ARCHIVED) {
            int receivedYear = receivedAt.atZoneSameInstant(settings.zone()).getYear();
            int occurredYear = r.occurredAt().atZoneSameInstant(settings.zone()).getYear();
            archiveYear = r.archiveYear() == null ? occurredYear : r.archiveYear();
            if (archiveYear < receivedYear || archiveYear > occurredYear) {
                errors.add(new FieldProblem("archiveYear", Text.of("followup.archiveYear", receivedYear, occurredYear)));
            }
        } else if (r.archiveYear() != null) {
            errors.add(new FieldProblem("archiveYear", Text.of("followup.belongsTo", event(EventType.ARCHIVED))));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return archiveYear;
    }

    private static void field(List<FieldProblem> errors, EventType type, EventType owner, String name, Object value) {
        if (type == owner && value == null) {
            errors.add(new FieldProblem(name, Text.of("followup.requiredFor", event(owner))));
        } else if (type != owner && value != null) {
            errors.add(new FieldProblem(name, Text.of("followup.belongsTo", event(owner))));
        }
    }

    private static void checkSequence(EventType type, EventRequest request, List<CaseEvent> history) {
        boolean closed = false;
        boolean archived = false;
        boolean circulated = false;
        CaseEvent openAction = null;
        CaseEvent closing = null;
        for (CaseEvent e : history) {
            switch (EventType.valueOf(e.type())) {
                case CASE_CLOSED -> { closed = true; closing = e; }
                case ARCHIVED -> archived = true;
                case NOTICE_CIRCULATED -> circulated = true;
                case CORRECTIVE_ACTION_OPENED -> openAction = e;
                case CORRECTIVE_ACTION_VERIFIED -> openAction = null;
                default -> { }
            }
        }
        if (archived) {
            throw new ImpossibleSequence(Text.of("followup.archived"));
        }
        if (closed && type != EventType.ARCHIVED) {
            throw new ImpossibleSequence(Text.of("followup.closed"));
        }
        switch (type) {
            case ARCHIVED -> {
                if (!closed) throw new ImpossibleSequence(Text.of("followup.notClosed"));
                notBefore(request, closing);
            }
            case CORRECTIVE_ACTION_OPENED -> {
                if (openAction != null) {
                    throw new ImpossibleSequence(Text.of("followup.actionOpen", openAction.id()));
                }
            }
            case CORRECTIVE_ACTION_VERIFIED -> {
                if (openAction == null) {
                    throw new ImpossibleSequence(Text.of("followup.noAction"));
                }
                notBefore(request, openAction);
            }
            case CASE_CLOSED -> {
                if (openAction != null) {
                    throw new ImpossibleSequence(Text.of("followup.closeWithAction", openAction.id()));
                }
            }
            case NOTICE_CIRCULATED -> {
                if (circulated) throw new ImpossibleSequence(Text.of("followup.circulated"));
            }
            default -> { }
        }
    }

    private static void notBefore(EventRequest request, CaseEvent before) {
        if (request.occurredAt().isBefore(before.occurredAt())) {
            throw new ImpossibleSequence(Text.of("followup.notBefore", event(request.type()), event(before.type()),
                    before.id(), before.occurredAt()));
        }
    }

    private OffsetDateTime receivedAt(long caseId) {
        return jdbc.sql("select received_at from followup_case where case_id = ?").param(caseId)
                .query(OffsetDateTime.class).optional().orElseThrow(() -> new CaseNotFoundException(caseId));
    }

    private long insert(long caseId, int seq, EventType type, EventRequest r, OffsetDateTime now, String recordedBy,
                        Long evaluationId, CaseEvent.Details details) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into case_event (case_id, seq, type, occurred_at, recorded_at, recorded_by, evaluation_id,
                    order_id, satisfied, details_json)
                values (:caseId, :seq, :type, :occurredAt, :recordedAt, :recordedBy, :evaluationId, :orderId,
                    :satisfied, :details)""")
                .param("caseId", caseId).param("seq", seq).param("type", type.name())
                .param("occurredAt", r.occurredAt()).param("recordedAt", now).param("recordedBy", recordedBy)
                .param("evaluationId", evaluationId).param("orderId", r.orderId()).param("satisfied", r.satisfied())
                .param("details", json.writeValueAsString(details))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    private List<CaseEvent> events(long caseId) {
        return jdbc.sql("""
                select id, case_id, seq, type, occurred_at, recorded_at, recorded_by, evaluation_id, order_id, satisfied,
                       details_json
                from case_event where case_id = ? order by seq""").param(caseId)
                .query((rs, n) -> {
                    CaseEvent.Details d = json.readValue(rs.getString("details_json"), CaseEvent.Details.class);
                    return new CaseEvent(rs.getLong("id"), rs.getLong("case_id"), rs.getInt("seq"), rs.getString("type"),
                            rs.getObject("occurred_at", OffsetDateTime.class),
                            rs.getObject("recorded_at", OffsetDateTime.class), rs.getString("recorded_by"),
                            (Long) rs.getObject("evaluation_id", Long.class), (Long) rs.getObject("order_id", Long.class),
                            d.findings(), d.customerSigned(), d.lines(), (Boolean) rs.getObject("satisfied", Boolean.class),
                            d.remarks(), d.archiveYear(), null);
                }).list();
    }
}
