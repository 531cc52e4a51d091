package com.example.aftersales.cases.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H2StoreHousekeeping} on a real H2 file written as the service writes it ({@code WRITE_DELAY=0}: a commit per
 * statement batch, no background writer): many small commits into a randomly keyed index leave old chunks mostly
 * dead; the rounds move their live pages, the chunks' fill rate goes up, and every row is still there, also after the
 * database is opened again. On an in-memory database there is no file store to keep.
 */
class H2StoreHousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void movesLivePagesOutOfMostlyDeadChunksAndKeepsEveryRow() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0");
        ds.setUser("sa");
        int rows = 3_000;
        try (Connection con = ds.getConnection()) {
            try (Statement st = con.createStatement()) {
                st.execute("create table t (id bigint primary key, k varchar(40), v varchar(200))");
                st.execute("create index ix_t_k on t (k)");
            }
            Random random = new Random(42);
            try (PreparedStatement insert = con.prepareStatement("insert into t values (?, ?, ?)")) {
                for (int i = 0; i < rows; i++) { // one commit each, random index keys: pages replaced all over
                    insert.setLong(1, i);
                    insert.setString(2, Long.toHexString(random.nextLong()));
                    insert.setString(3, "row " + i + " ".repeat(100));
                    insert.executeUpdate();
                }
            }
            MVStore store = H2StoreHousekeeping.fileStore(ds);
            assertThat(store).isNotNull();
            int before = store.getFileStore().getChunksFillRate();
            assertThat(before).isLessThan(H2StoreHousekeeping.TARGET_FILL_RATE);

            H2StoreHousekeeping housekeeping = new H2StoreHousekeeping(ds);
            housekeeping.start();
            try {
                for (int i = 0; i < 200 && store.getFileStore().getChunksFillRate() < H2StoreHousekeeping.TARGET_FILL_RATE; i++) {
                    housekeeping.round();
                }
            } finally {
                housekeeping.destroy();
            }
            assertThat(store.getFileStore().getChunksFillRate()).isGreaterThan(before);
            assertThat(count(con)).isEqualTo(rows);
        }
        try (Connection con = ds.getConnection()) { // opened again from the file
            assertThat(count(con)).isEqualTo(rows);
            try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("select count(*) from t where k > ''")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(rows);
            }
        }
    }

    @Test
    void leavesAnInMemoryDatabaseAlone() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:housekeeping;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        assertThat(H2StoreHousekeeping.fileStore(ds)).isNull();
    }

    private static int count(Connection con) throws Exception {
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("select count(*) from t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
