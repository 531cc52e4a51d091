package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.example.aftersales.followup.Obligations;

/**
 * The open obligations counted by kind, month of their base (UTC, year * 12 + month - 1), unit and slot: the rows of
 * {@code case_obligation} that hold until something happens ({@code valid_until} 9999-12-31). Kept by
 * {@link Obligations} in the transaction that writes the rows, so that the due and overdue lists count their whole
 * months from here rather than every open obligation's index entry; filled here from the rows already stored.
 */
public class V70__case_obligation_open_counts extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("""
                    create table case_obligation_open (
                        kind        varchar(30)  not null,
                        base_month  integer      not null,
                        unit_code   varchar(100) not null,
                        slot        smallint     not null,
                        open_count  bigint       not null,
                        primary key (kind, base_month, unit_code, slot)
                    )""");
        }
        Obligations.recount(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
    }
}
