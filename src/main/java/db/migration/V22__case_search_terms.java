package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import com.example.aftersales.cases.internal.SearchTerms;

/**
 * The index of the case search's free text (cases.internal.{@link SearchTerms}): one row per case and term (a bigram of its
 * names, reference or product code, a character beyond ASCII, or a code it is filed under), with the case's receipt
 * time so that a term's cases can be read newest first. No foreign key: the search always checks the case itself, so
 * a term left behind by a deleted case finds nothing. Filled here for the cases recorded before, computed in Java as
 * every later write computes it.
 */
public class V22__case_search_terms extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("""
                    create table case_search_term (
                        term        varchar(120) not null,
                        case_id     bigint       not null,
                        received_at timestamp with time zone not null,
                        constraint pk_case_search_term primary key (term, case_id)
                    )""");
            statement.execute("create index ix_case_search_term_case on case_search_term (case_id)");
        }
        SearchTerms.fill(context.getConnection());
    }
}
