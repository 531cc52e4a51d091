package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import com.example.aftersales.cases.internal.SearchTerms;

/**
 * The index of the case search's free text (cases.internal.{@link SearchTerms}): one row per case and term (a bigram of its
 * names, reference or product code, a character beyond ASCII, or a code it is filed under). No foreign key: the search
 * always checks the case itself, so a term left behind by a deleted case finds nothing. Filled here for the cases
 * recorded before, computed in Java as every later write computes it.
 * <p>
 * Created until V71 also with the case's receipt time and an index by case, which nothing read and every term paid
 * for; created now as V71 leaves it (V71 drops them where this created them), since the fill writes term and case
 * only.
 */
public class V22__case_search_terms extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("""
                    create table case_search_term (
                        term        varchar(120) not null,
                        case_id     bigint       not null,
                        constraint pk_case_search_term primary key (term, case_id)
                    )""");
        }
        SearchTerms.fill(context.getConnection());
    }
}
