// The case list's facets on an H2 file (issue 14, docs/PERFORMANCE.md "Facets in one read"): EXPLAIN ANALYZE with
// parameters, then wall and thread CPU (median of 3) of the three grouped counts before V52 ("old") or the one read
// after it ("new"), for each text ("" = no text). With the service stopped (H2 locks its file):
//   java -cp ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar bench/facets-explain.java "jdbc:h2:file:<copy>/aftersales;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE" new quarry detonator 雷管 ""
import java.lang.management.ManagementFactory;
import java.sql.*;
import java.util.*;

/** EXPLAIN ANALYZE and timing of the facets' statements (old: three grouped counts; new: one read), with parameters. */
public class Explain {
    public static void main(String[] a) throws Exception {
        String url = a[0], mode = a[1];
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (int i = 2; i < a.length; i++) {
                String text = a[i].toLowerCase(Locale.ROOT);
                List<Object> p = new ArrayList<>(List.of("%" + text + "%", text + "%", "%" + text + "%"));
                String cond = "(c.search_names like ? escape '\\' or lower(c.external_ref) like ? escape '\\' or lower(c.product_code) like ? escape '\\'";
                if (text.equals("detonator") || text.equals("雷管")) { cond += " or c.product_category in (?)"; p.add("DETONATOR"); }
                cond += ")";
                String where = text.isEmpty() ? "" : " where " + cond;
                if (text.isEmpty()) p.clear();
                String top = " order by 2 desc, 1 fetch first 12 rows only";
                List<String> sqls = mode.equals("old") ? List.of(
                        "select c.product_category, count(*) from aftersales_case c" + where + " group by c.product_category" + top,
                        "select c.unit_code, count(*) from aftersales_case c" + where + " group by c.unit_code" + top,
                        "select d.type, count(distinct c.id) from aftersales_case c join evaluation e on e.case_id = c.id and not exists (select 1 from evaluation n where n.case_id = e.case_id and n.seq > e.seq) join decision d on d.evaluation_id = e.id" + where + " group by d.type" + top)
                        : List.of("select c.product_category, c.unit_code, t.decision_types from aftersales_case c left join case_decision_types t on t.case_id = c.id" + where);
                long total = 0;
                for (String sql : sqls) {
                    try (PreparedStatement ps = c.prepareStatement("explain analyze " + sql)) {
                        for (int k = 0; k < p.size(); k++) ps.setObject(k + 1, p.get(k));
                        try (ResultSet rs = ps.executeQuery()) { rs.next(); System.out.println("q=" + text + " " + rs.getString(1).replaceAll("\\s+", " ")); }
                    }
                    long[] ms = new long[3]; long[] cpu = new long[3];
                    for (int r = 0; r < 3; r++) {
                        var bean = ManagementFactory.getThreadMXBean();
                        long c0 = bean.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            for (int k = 0; k < p.size(); k++) ps.setObject(k + 1, p.get(k));
                            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { rs.getString(1); } }
                        }
                        ms[r] = (System.nanoTime() - w0) / 1_000_000; cpu[r] = (bean.getCurrentThreadCpuTime() - c0) / 1_000_000;
                    }
                    Arrays.sort(ms); Arrays.sort(cpu);
                    System.out.printf("q=%s %s: median of 3 %d ms wall, %d ms CPU%n", text, sql.substring(0, 40), ms[1], cpu[1]);
                    total += ms[1];
                }
                System.out.printf("q=%s %s total %d ms (load %s)%n", text, mode, total,
                        new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0]);
            }
        }
    }
}
