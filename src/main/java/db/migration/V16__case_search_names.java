package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseSearch;

/**
 * The case search's free text (cases.CaseSearch) looks in the customer's and the product's names, which were only in
 * the intake's JSON: a column {@code search_names} holds them, lower case, one per line ({@link CaseSearch#searchNames}),
 * written with every new case and filled here for the cases recorded before. In Java because H2 and PostgreSQL read
 * JSON differently; in batches, so that a large history does not hold all its rows in memory.
 */
public class V16__case_search_names extends BaseJavaMigration {

    private static final int BATCH = 1_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table aftersales_case add column search_names varchar(500)");
        }
        JsonMapper json = JsonMapper.builder().build();
        long last = 0;
        while (true) {
            int read = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, intake_json from aftersales_case where id > ? order by id fetch first " + BATCH + " rows only");
                 PreparedStatement update = connection.prepareStatement(
                         "update aftersales_case set search_names = ? where id = ?")) {
                select.setLong(1, last);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        last = rs.getLong(1);
                        String names = names(json, rs.getString(2));
                        if (names != null) {
                            update.setString(1, names);
                            update.setLong(2, last);
                            update.addBatch();
                        }
                    }
                }
                update.executeBatch();
            }
            if (read < BATCH) {
                return;
            }
        }
    }

    private static String names(JsonMapper json, String intake) {
        try {
            JsonNode node = json.readTree(intake);
            return CaseSearch.searchNames(node.path("customer").path("name").asString(null),
                    node.path("product").path("name").asString(null));
        } catch (RuntimeException e) {
            return null; // an intake that is not the expected JSON (a hand-made row): no names to find
        }
    }
}
