package com.example.aftersales.cases.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.aftersales.PostgresTestDatabase;
import com.example.aftersales.cases.PriorDefectData;

/**
 * The prior-defect look-up reads a page of the newest defects and those of the product instead of every defect of the
 * window ({@link ConfirmedDefects#choose}): property tests that it keeps exactly what {@link ConfirmedDefects#relevant}
 * keeps of every defect, in the same order, over random histories — few and many products, batches and sites, ties in
 * the time of receipt, pages that do and do not name enough batches and sites — in Java, and through the statements on
 * H2 and on PostgreSQL.
 */
class PriorDefectLookupTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8));

    /** A random history, newest first (received, then case id, descending), as the statements read it. */
    private static List<PriorDefectData> history(Random random, int size) {
        int products = 1 + random.nextInt(6);
        int batches = 1 + random.nextInt(random.nextBoolean() ? 4 : 60);
        int sites = 1 + random.nextInt(5);
        int minutes = 1 + random.nextInt(random.nextBoolean() ? 20 : 400_000); // few minutes: many ties
        List<PriorDefectData> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rows.add(new PriorDefectData((long) i + 1, START.plusMinutes(random.nextInt(minutes)),
                    "P-" + random.nextInt(products), "MISFIRE", "B-" + random.nextInt(batches),
                    "SITE-" + random.nextInt(sites)));
        }
        rows.sort(ConfirmedDefects.NEWEST_FIRST);
        return rows;
    }

    @Test
    void choosingFromThePageAndTheProductKeepsWhatAllDefectsGive() {
        Random random = new Random(17);
        int fromPage = 0;
        int readAll = 0;
        for (int run = 0; run < 20_000; run++) {
            List<PriorDefectData> all = history(random, random.nextInt(120));
            String product = "P-" + random.nextInt(6);
            int distinct = random.nextInt(6);
            int page = 1 + random.nextInt(40);
            List<PriorDefectData> newest = all.subList(0, Math.min(page, all.size()));
            List<PriorDefectData> sameProduct = all.stream().filter(d -> d.productCode().equals(product)).toList();
            AtomicInteger reads = new AtomicInteger();
            AtomicInteger productReads = new AtomicInteger();
            List<PriorDefectData> chosen = ConfirmedDefects.choose(newest, () -> {
                productReads.incrementAndGet();
                return sameProduct;
            }, page, product, distinct, () -> {
                reads.incrementAndGet();
                return all;
            });
            assertThat(chosen).as("run %d", run).isEqualTo(ConfirmedDefects.relevant(all, product, distinct));
            // the product's defects are read only when the page is full and names enough batches and sites
            assertThat(productReads.get()).as("run %d: product's defects read", run)
                    .isEqualTo(all.size() >= page && reads.get() == 0 ? 1 : 0);
            if (reads.get() == 0 && all.size() >= page) {
                fromPage++;
            } else if (reads.get() > 0) {
                readAll++;
            }
        }
        assertThat(fromPage).as("histories answered from the page and the product").isGreaterThan(1_000);
        assertThat(readAll).as("histories whose page named too few batches or sites").isGreaterThan(1_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void theStatementsGiveWhatAllDefectsGive(String database) {
        DataSource dataSource = "H2".equals(database)
                ? new DriverManagerDataSource("jdbc:h2:mem:prior-lookup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "")
                : new DriverManagerDataSource(PostgresTestDatabase.fresh("prior_lookup"), "postgres", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        ConfirmedDefects defects = new ConfirmedDefects(jdbc);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        Random random = new Random(42);
        for (int history = 0; history < 12; history++) {
            jdbc.sql("delete from confirmed_defect").update();
            jdbc.sql("delete from aftersales_case").update();
            // more than a page of defects in most windows, so that both ways of choosing are taken
            List<PriorDefectData> rows = history(random, 30 + random.nextInt(200));
            List<PriorDefectData> recorded = new ArrayList<>(rows.size());
            List<Object[]> cases = new ArrayList<>();
            List<Object[]> confirmed = new ArrayList<>();
            for (PriorDefectData d : rows) {
                long id = history * 1_000L + recorded.size() + 1;
                cases.add(new Object[] {id, d.receivedAt(), d.productCode(), d.problemCategory(), d.batchNumber(),
                        d.productionSite()});
                confirmed.add(new Object[] {id, d.receivedAt(), d.productCode(), d.problemCategory(), d.batchNumber(),
                        d.productionSite()});
                recorded.add(new PriorDefectData(id, d.receivedAt(), d.productCode(), d.problemCategory(),
                        d.batchNumber(), d.productionSite()));
            }
            template.batchUpdate("""
                    insert into aftersales_case (id, external_ref, received_at, channel, product_code, product_category,
                        problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                        intake_json, created_at, recorded_by, search_names)
                    values (?, null, ?, 'QUALITY_DEPARTMENT', ?, 'EMULSION_EXPLOSIVE', ?, ?, ?, 'Hunan', 'SUB-01',
                        'Hunan', '{}', current_timestamp, 'test', '')""", cases);
            template.batchUpdate("""
                    insert into confirmed_defect (case_id, received_at, product_code, problem_category, batch_number,
                        production_site) values (?, ?, ?, ?, ?, ?)""", confirmed);
            recorded.sort(ConfirmedDefects.NEWEST_FIRST);
            for (int query = 0; query < 25; query++) {
                PriorDefectData self = recorded.get(random.nextInt(recorded.size()));
                OffsetDateTime to = self.receivedAt().plusMinutes(random.nextInt(3) == 0 ? 0 : random.nextInt(400_000));
                OffsetDateTime from = to.minusMinutes(random.nextInt(400_000));
                String product = "P-" + random.nextInt(6);
                int distinct = random.nextInt(6);
                List<PriorDefectData> window = recorded.stream()
                        .filter(d -> !d.receivedAt().isBefore(from) && !d.receivedAt().isAfter(to))
                        .filter(d -> d.caseId() != self.caseId()).toList();
                List<PriorDefectData> expected = ConfirmedDefects.relevant(window, product, distinct);
                List<PriorDefectData> actual = defects.before(from, to, self.caseId(), product, "MISFIRE", distinct);
                assertThat(actual).extracting(PriorDefectData::caseId).as("history %d, query %d", history, query)
                        .isEqualTo(expected.stream().map(PriorDefectData::caseId).toList());
                for (int i = 0; i < actual.size(); i++) {
                    assertThat(actual.get(i).receivedAt().toInstant()).isEqualTo(expected.get(i).receivedAt().toInstant());
                    assertThat(actual.get(i).batchNumber()).isEqualTo(expected.get(i).batchNumber());
                    assertThat(actual.get(i).productionSite()).isEqualTo(expected.get(i).productionSite());
                }
            }
        }
    }
}
