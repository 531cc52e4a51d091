package com.example.aftersales.followup;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.aftersales.cases.EvaluationsRecorded;
import com.example.aftersales.followup.FollowupExceptions.ImpossibleSequence;
import com.example.aftersales.followup.FollowupExceptions.InvalidInput;
import com.example.aftersales.followup.FollowupExceptions.OrderNotFound;
import com.example.aftersales.text.Text;

/**
 * The quality rectification orders (P20) the evaluations call for. A case whose latest evaluation decides
 * {@code RECTIFICATION_ORDER} joins the open order of its cluster, or opens one: one open order per reason and
 * cluster — product and problem for {@code RECURRING} and {@code REPRESENTATIVE}, problem for {@code SYSTEMIC} — until
 * that order is closed; a case triggering it again after that opens the next. Orders follow the decisions when they
 * are written ({@link #recorded}, after each recording commits), so cases recorded any way (API, import, history) are
 * taken in, and reading them writes nothing.
 * An order is {@code OPEN} (decided), then {@code ISSUED}, then {@code CLOSED}, by the case events
 * {@code RECTIFICATION_ORDER_ISSUED} and {@code RECTIFICATION_ORDER_CLOSED} on one of its cases.
 * An order is opened when the case that first calls for it was received (the decision's reference time), so that
 * monthly counts follow the cases rather than when the orders were read.
 * A case stays in its order when later findings no longer call for one: the order was decided on what was known.
 */
@Service
public class RectificationOrders {

    public enum Status { OPEN, ISSUED, CLOSED }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Order(long id, String reason, String productCode, String problemCategory, Status status,
                        OffsetDateTime openedAt, OffsetDateTime issuedAt, String issuedBy, OffsetDateTime closedAt,
                        String closedBy, long caseCount, List<OrderCase> cases) {
    }

    public record OrderCase(long caseId, String externalRef, OffsetDateTime receivedAt, String productCode,
                            String problemCategory, String batchNumber, String productionSite, String unitCode) {
    }

    /** A page of orders ({@code orders}, without their cases) and the count of all that match. */
    public record OrderPage(List<Order> orders, long total, int page, int size) {
    }

    /** The sorts the list may be asked for (a leading - reverses): their SQL columns, fixed here. */
    public static final Map<String, String> SORTS = Map.of("opened", "o.opened_at", "id", "o.id",
            "cases", "case_count, o.opened_at");

    private final JdbcClient jdbc;
    /** A transaction of the sync's own, also when called after another has committed. */
    private final TransactionTemplate own;
    private final Clock clock;
    private final FollowupProperties settings;

    RectificationOrders(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, FollowupProperties settings) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transaction.getTransactionManager());
        this.own.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.settings = settings;
    }

    /** The largest page of orders (aftersales.followup.max-items), also the page of a request that names none. */
    public int maxPageSize() {
        return settings.maxItems();
    }

    /**
     * Takes in every case whose latest evaluation calls for an order and is not in one for that reason yet: at start
     * and then every {@code aftersales.followup.order-sync-millis} in the background, for evaluations whose own
     * taking-in ({@link #recorded}) did not happen (the process stopped between the two commits, or it failed).
     */
    @Scheduled(initialDelayString = "${aftersales.followup.order-sync-delay-millis:30000}",
            fixedDelayString = "${aftersales.followup.order-sync-millis:21600000}")
    public synchronized void sync() {
        sync(null);
    }

    /**
     * Evaluations just committed: the cases among them whose evaluation calls for an order join it now, in a
     * transaction of their own, so that the lists and the monthly summary read the orders without writing on a GET.
     * A failure here is logged, never the recording's: the next {@link #sync()} takes those cases in.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void recorded(EvaluationsRecorded recorded) {
        List<Long> cases = recorded.evaluations().stream()
                .filter(r -> r.decisions().containsKey("RECTIFICATION_ORDER"))
                .map(EvaluationsRecorded.Recorded::caseId).distinct().toList();
        if (cases.isEmpty()) {
            return;
        }
        try {
            sync(cases);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RectificationOrders.class)
                    .warn("Cases {} not taken into their rectification orders yet (the next sync will): {}", cases, e.toString());
        }
    }

    /** Takes in these cases ({@code null}: every case), each in its own new transaction, retried on a race. */
    void sync(List<Long> caseIds) {
        for (int attempt = 1; ; attempt++) {
            try {
                own.executeWithoutResult(status -> syncOnce(caseIds));
                return;
            } catch (DuplicateKeyException e) {
                if (attempt == 3) throw e; // another instance synced the same cases at the same time: read again
            }
        }
    }

    /**
     * The cases (all: {@code null}) whose latest evaluation decides {@code RECTIFICATION_ORDER} for a reason they are
     * not in an order for yet. For named cases the statement starts from them (their ids, their latest evaluation, its
     * decision of that type: a few index look-ups each), whatever the database knows of its tables' statistics: from
     * the decisions' side, as before, PostgreSQL without fresh statistics (autovacuum off, or not run yet) read every
     * RECTIFICATION_ORDER decision of the history once per batch (27 ms at 12,000 cases, growing with them).
     */
    static final String PENDING_ALL = """
            select e.case_id, d.decision_value as reason, k.product_code, k.problem_category, k.received_at
            from decision d
            join evaluation e on e.id = d.evaluation_id
            join aftersales_case k on k.id = e.case_id
            where d.type = 'RECTIFICATION_ORDER'
              and e.seq = (select max(x.seq) from evaluation x where x.case_id = e.case_id)
              and not exists (select 1 from rectification_order_case oc
                              where oc.case_id = e.case_id and oc.reason = d.decision_value)
            order by k.received_at, k.id""";

    /**
     * {@link #PENDING_ALL} of the cases {@code :ids}, read from their ids. The type is compared as an expression so
     * that no index on it is taken: H2 read the evaluation's decisions through {@code (type, decision_value,
     * evaluation_id)}, i.e. every RECTIFICATION_ORDER decision of the history for each case (scanCount 80,982 at
     * 30,000 cases, 38 % of a recorded request's samples); now the evaluation's own few (scanCount 25).
     */
    static final String PENDING_OF_CASES = """
            select k.id as case_id, d.decision_value as reason, k.product_code, k.problem_category, k.received_at
            from aftersales_case k
            join evaluation e on e.case_id = k.id
            join decision d on d.evaluation_id = e.id
            where k.id in (:ids)
              and e.seq = (select max(x.seq) from evaluation x where x.case_id = k.id)
              and concat(d.type, '') = 'RECTIFICATION_ORDER'
              and not exists (select 1 from rectification_order_case oc
                              where oc.case_id = k.id and oc.reason = d.decision_value)
            order by k.received_at, k.id""";

    private void syncOnce(List<Long> caseIds) {
        List<Map<String, Object>> pending = caseIds == null
                ? jdbc.sql(PENDING_ALL).query().listOfRows()
                : jdbc.sql(PENDING_OF_CASES).param("ids", caseIds).query().listOfRows();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Map<String, Object> row : pending) {
            long caseId = ((Number) row.get("case_id")).longValue();
            String reason = (String) row.get("reason");
            String product = "SYSTEMIC".equals(reason) ? null : (String) row.get("product_code");
            String problem = (String) row.get("problem_category");
            String key = reason + "|" + (product == null ? "" : product) + "|" + problem;
            Long order = jdbc.sql("select id from rectification_order where open_key = ?").param(key)
                    .query(Long.class).optional().orElse(null);
            if (order == null) {
                var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
                jdbc.sql("""
                        insert into rectification_order (reason, product_code, problem_category, open_key, opened_at)
                        values (?, ?, ?, ?, ?)""").params(reason, product, problem, key, row.get("received_at")).update(keys, "id");
                order = keys.getKey().longValue();
            }
            jdbc.sql("insert into rectification_order_case (order_id, case_id, reason, joined_at) values (?, ?, ?, ?)")
                    .params(order, caseId, reason, now).update();
        }
    }

    /** Orders, newest first, with their case counts; all or those of one status (the first page of the largest size). */
    public List<Order> list(String status) {
        return page(status, new Paging(0, settings.maxItems(), "-opened")).orders();
    }

    /** A page of the orders (all or of one status), sorted as asked ({@link #SORTS}), and the count of all of them. */
    public OrderPage page(String status, Paging paging) {
        Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = Status.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("status", Text.of("followup.orderStatus"));
            }
        }
        String where = wanted == null ? "" : switch (wanted) {
            case OPEN -> "where o.issued_at is null and o.closed_at is null";
            case ISSUED -> "where o.issued_at is not null and o.closed_at is null";
            case CLOSED -> "where o.closed_at is not null";
        };
        long total = jdbc.sql("select count(*) from rectification_order o " + where).query(Long.class).single();
        List<Order> orders = jdbc.sql("""
                select o.*, (select count(*) from rectification_order_case oc where oc.order_id = o.id) as case_count
                from rectification_order o %s order by %s limit %d offset %d""".formatted(where,
                        paging.orderBy(SORTS, "o.id desc"), paging.size(), paging.offset()))
                .query((rs, n) -> order(rs, null)).list();
        return new OrderPage(orders, total, paging.page(), paging.size());
    }

    /**
     * The first {@code limit} cases of each order (in the order they were received), for a page of orders: one
     * statement, cut per order in the database.
     */
    public Map<Long, List<OrderCase>> firstCases(List<Long> orderIds, int limit) {
        Map<Long, List<OrderCase>> cases = new java.util.LinkedHashMap<>();
        orderIds.forEach(id -> cases.put(id, new java.util.ArrayList<>()));
        if (orderIds.isEmpty()) return cases;
        jdbc.sql("""
                select r.order_id, r.id, r.external_ref, r.received_at, r.product_code, r.problem_category,
                       r.batch_number, r.production_site, r.unit_code
                from (select oc.order_id, k.*, row_number() over (partition by oc.order_id order by k.received_at, k.id) as n
                      from rectification_order_case oc join aftersales_case k on k.id = oc.case_id
                      where oc.order_id in (:ids)) r
                where r.n <= :limit order by r.order_id, r.n""").param("ids", orderIds).param("limit", limit)
                .query((rs, n) -> cases.get(rs.getLong(1)).add(new OrderCase(rs.getLong(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9)))).list();
        return cases;
    }

    /** The orders this case is in, oldest first. */
    public List<Order> ofCase(long caseId) {
        return jdbc.sql("select order_id from rectification_order_case where case_id = ? order by order_id")
                .param(caseId).query(Long.class).list().stream().map(this::find).toList();
    }

    /** One order with the cases behind it, in the order they were received. */
    public Order find(long id) {
        List<OrderCase> cases = jdbc.sql("""
                select k.id, k.external_ref, k.received_at, k.product_code, k.problem_category, k.batch_number,
                       k.production_site, k.unit_code
                from rectification_order_case oc join aftersales_case k on k.id = oc.case_id
                where oc.order_id = ? order by k.received_at, k.id""").param(id)
                .query((rs, n) -> new OrderCase(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))).list();
        return jdbc.sql("""
                select o.*, (select count(*) from rectification_order_case oc where oc.order_id = o.id) as case_count
                from rectification_order o where o.id = ?""").param(id)
                .query((rs, n) -> order(rs, cases)).optional().orElseThrow(() -> new OrderNotFound(id));
    }

    void issue(long orderId, long caseId, OffsetDateTime at, String by) {
        Order order = member(orderId, caseId);
        if (order.status() != Status.OPEN) {
            throw new ImpossibleSequence(Text.of("followup.order.already", orderId, status(order)));
        }
        jdbc.sql("update rectification_order set issued_at = ?, issued_by = ? where id = ? and issued_at is null")
                .params(at, by, orderId).update();
    }

    void close(long orderId, long caseId, OffsetDateTime at, String by) {
        Order order = member(orderId, caseId);
        if (order.status() != Status.ISSUED) {
            throw new ImpossibleSequence(Text.of("followup.order.notIssued", orderId, status(order)));
        }
        if (at.isBefore(order.issuedAt())) {
            throw new ImpossibleSequence(Text.of("followup.order.beforeIssued", orderId, order.issuedAt()));
        }
        jdbc.sql("update rectification_order set closed_at = ?, closed_by = ?, open_key = null where id = ?")
                .params(at, by, orderId).update();
    }

    private Order member(long orderId, long caseId) {
        Order order = jdbc.sql("select o.*, 0 as case_count from rectification_order o where o.id = ? for update")
                .param(orderId).query((rs, n) -> order(rs, null)).optional()
                .orElseThrow(() -> new InvalidInput("orderId", Text.of("followup.order.none", orderId)));
        boolean member = jdbc.sql("select count(*) from rectification_order_case where order_id = ? and case_id = ?")
                .params(orderId, caseId).query(Long.class).single() > 0;
        if (!member) {
            throw new ImpossibleSequence(Text.of("followup.order.notMember", caseId, orderId));
        }
        return order;
    }

    private static Text status(Order order) {
        return FollowupExceptions.code(com.example.aftersales.glossary.Glossary.ORDER_STATUSES, order.status());
    }

    private static Order order(java.sql.ResultSet rs, List<OrderCase> cases) throws java.sql.SQLException {
        OffsetDateTime issued = rs.getObject("issued_at", OffsetDateTime.class);
        OffsetDateTime closed = rs.getObject("closed_at", OffsetDateTime.class);
        Status status = closed != null ? Status.CLOSED : issued != null ? Status.ISSUED : Status.OPEN;
        return new Order(rs.getLong("id"), rs.getString("reason"), rs.getString("product_code"),
                rs.getString("problem_category"), status, rs.getObject("opened_at", OffsetDateTime.class), issued,
                rs.getString("issued_by"), closed, rs.getString("closed_by"), rs.getLong("case_count"), cases);
    }
}
