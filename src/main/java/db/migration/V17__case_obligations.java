package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * What each case owes, stored (package followup, {@code Obligations}): the due and overdue lists read these rows
 * instead of every open case's evaluations and events. One row per obligation and span of time: from
 * {@code valid_from} (included) to {@code valid_until} (excluded; 9999-12-31 while nothing has changed it) the case owes
 * {@code kind}, due {@code base} plus the kind's days (settings, added when read). Reference and unit are copied from
 * the case (neither changes) so that the lists filter and sort on this table alone. The rows of the cases recorded
 * before are computed by V36 (in Java, as every later write computes them), from the follow-up's own read model of
 * the cases (V35): this migration filled them itself until the follow-up stopped reading the cases' tables.
 */
public class V17__case_obligations extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("""
                    create table case_obligation (
                        case_id      bigint       not null references aftersales_case (id),
                        external_ref varchar(100),
                        unit_code    varchar(100) not null,
                        kind         varchar(30)  not null,
                        base         timestamp with time zone not null,
                        valid_from   timestamp with time zone not null,
                        valid_until  timestamp with time zone not null
                    )""");
            statement.execute("create index ix_case_obligation_case on case_obligation (case_id)");
            statement.execute("create index ix_case_obligation_span on case_obligation (valid_until, valid_from)");
        }
    }
}
