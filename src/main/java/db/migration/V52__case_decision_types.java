package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.example.aftersales.cases.internal.LatestDecisionTypes;

/**
 * The decision types of each case's latest evaluation, one row per case (cases.internal.{@link LatestDecisionTypes}),
 * for the case search's facets: filled here from the evaluations recorded before, then written with every evaluation.
 * No foreign key, as the search's terms (V22): the facets read it only beside the cases they count.
 */
public class V52__case_decision_types extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        jdbc.execute("""
                create table case_decision_types (
                    case_id        bigint primary key,
                    decision_types varchar(2000) not null
                )""");
        LatestDecisionTypes.fill(jdbc);
    }
}
