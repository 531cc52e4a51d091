package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An evaluation records the prior confirmed defects its rules saw by reference — the ids of their cases, in the
 * order given to the rules — instead of a copy of each. What a prior defect is to the rules (received, product,
 * problem, batch, site) is its case's intake, which is recorded once and never changes, so replay reads exactly what
 * the rules saw; an evaluation's size no longer grows with the density of the history before it. The copies of the
 * evaluations recorded before are turned into their references here, then dropped.
 */
public class V26__prior_defects_by_reference extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table evaluation add column prior_defect_ids varchar not null default ''");
        }
        JsonMapper json = JsonMapper.builder().build();
        try (Statement read = connection.createStatement();
             PreparedStatement write = connection.prepareStatement("update evaluation set prior_defect_ids = ? where id = ?")) {
            read.setFetchSize(500);
            int pending = 0;
            try (ResultSet rs = read.executeQuery("select id, prior_defects_json from evaluation where prior_defects_json <> '[]'")) {
                while (rs.next()) {
                    StringBuilder ids = new StringBuilder();
                    for (JsonNode prior : json.readTree(rs.getString(2))) {
                        if (!ids.isEmpty()) {
                            ids.append(',');
                        }
                        ids.append(prior.get("caseId").asLong());
                    }
                    write.setString(1, ids.toString());
                    write.setLong(2, rs.getLong(1));
                    write.addBatch();
                    if (++pending == 500) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table evaluation drop column prior_defects_json");
        }
    }
}
