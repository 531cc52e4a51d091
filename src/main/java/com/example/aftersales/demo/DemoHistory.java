package com.example.aftersales.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.example.aftersales.cases.CaseData;

/**
 * A deterministic, realistic synthetic complaint history ("demo history"): the same seed and settings give the same
 * cases, in {@code receivedAt} order, generated one at a time (a history of a million cases is never held in memory).
 *
 * <p>What it holds: a catalogue of 30 products in the five categories, each made by one of eight subsidiaries
 * ({@code SUB-01}..{@code SUB-08}, each in its province) at one or two of the production sites {@code SITE-A}..
 * {@code SITE-D}, in production runs every few days (batch {@code <product>-<yyyyMMdd>-<site letter>}); customers in
 * 15 provinces, mostly the responsible unit's own; twelve problem categories, each plausible for some product
 * categories only; complaints mostly within the validity period (6 months for explosives, 24 for the rest), some
 * after it; causes about 45 % product defect, 35 % improper operation, 20 % undetermined; a few cases still at intake
 * (no findings); direct losses mostly none or small with a long tail (about 1 % at 20,000 CNY or more); remedy values
 * across all approval tiers; a few cases flagged representative. On top of this background: <b>clusters</b> of
 * confirmed defects, bursts of one product and problem within weeks (recurring) and one problem across several
 * products, batches and sites (systemic).
 *
 * <p>Cases are spread evenly over the period ({@code from}..{@code to}, receipt between 08:00 and 20:00 China time);
 * the density (cases per day) is what makes the P20 rules fire more or less often: see {@link #defaultDays(int)}.
 */
public final class DemoHistory implements Iterable<CaseData> {

    /** The day the default period ends (a fixed day, so that the default history never depends on the clock). */
    public static final LocalDate DEFAULT_END = LocalDate.of(2026, 6, 30);
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter BATCH_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    static final String[] CATEGORIES = {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"};

    record Unit(String code, String province, String[] neighbours) { }

    record Product(String code, String name, String category, String spec, boolean regulated, Unit unit,
                   String[] sites, int runEveryDays, int validityMonths, double weight) { }

    record ProblemKind(String category, double weight, String[] productCategories, double repairable,
                       double remote, double lossScale, String[] descriptions) { }

    static final Unit[] UNITS = {
            new Unit("SUB-01", "Hunan", new String[] {"Hubei", "Jiangxi", "Guangxi", "Guizhou"}),
            new Unit("SUB-02", "Hubei", new String[] {"Hunan", "Anhui", "Shaanxi"}),
            new Unit("SUB-03", "Guangdong", new String[] {"Guangxi", "Hunan", "Jiangxi"}),
            new Unit("SUB-04", "Sichuan", new String[] {"Yunnan", "Guizhou", "Shaanxi"}),
            new Unit("SUB-05", "Shanxi", new String[] {"Hebei", "Inner Mongolia", "Shaanxi"}),
            new Unit("SUB-06", "Anhui", new String[] {"Jiangxi", "Hubei", "Hebei"}),
            new Unit("SUB-07", "Yunnan", new String[] {"Guizhou", "Sichuan", "Guangxi"}),
            new Unit("SUB-08", "Xinjiang", new String[] {"Inner Mongolia", "Shaanxi", "Liaoning"}),
    };

    static final String[] PROVINCES = {"Hunan", "Hubei", "Guangdong", "Guangxi", "Sichuan", "Yunnan", "Guizhou",
            "Jiangxi", "Anhui", "Shanxi", "Shaanxi", "Hebei", "Inner Mongolia", "Xinjiang", "Liaoning"};

    static final String[] SITES = {"SITE-A", "SITE-B", "SITE-C", "SITE-D"};

    static final ProblemKind[] PROBLEMS = {
            new ProblemKind("MISFIRE", 14, new String[] {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"}, 0.0, 0.05, 3.0,
                    new String[] {"Several holes misfired in one blast", "One charge did not detonate", "Misfire in a bench blast"}),
            new ProblemKind("PERFORMANCE", 12, new String[] {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATING_CORD", "PRIMER"}, 0.05, 0.15, 1.5,
                    new String[] {"Poor fragmentation, large boulders after the blast", "Weak blasting effect", "Incomplete detonation"}),
            new ProblemKind("PACKAGING", 10, new String[] {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"}, 0.7, 0.45, 0.3,
                    new String[] {"Cartons damaged on delivery", "Film packaging torn, cartridges leaking", "Inner bags not sealed"}),
            new ProblemKind("LABELLING", 7, new String[] {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"}, 0.8, 0.6, 0.1,
                    new String[] {"Batch number on the carton does not match the cartridges", "Label unreadable", "Production date missing on inner packs"}),
            new ProblemKind("HARDENING", 8, new String[] {"EMULSION_EXPLOSIVE"}, 0.1, 0.2, 1.0,
                    new String[] {"Cartridges hardened before use", "Emulsion crystallised in cold weather"}),
            new ProblemKind("CAKING", 6, new String[] {"POWDER_EXPLOSIVE"}, 0.3, 0.3, 0.8,
                    new String[] {"Powder caked in the bags", "Lumps, cannot be loaded into the holes"}),
            new ProblemKind("DENSITY", 5, new String[] {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE"}, 0.0, 0.3, 1.2,
                    new String[] {"Cartridges float in water-filled holes", "Density out of specification"}),
            new ProblemKind("DELAY_TIME", 9, new String[] {"DETONATOR"}, 0.0, 0.1, 2.5,
                    new String[] {"Delay times scattered, blast sequence wrong", "Detonators fired out of sequence"}),
            new ProblemKind("LEAD_WIRE", 7, new String[] {"DETONATOR"}, 0.4, 0.25, 0.8,
                    new String[] {"Lead wires broken at the crimp", "Insulation of lead wires damaged", "Shock tube kinked"}),
            new ProblemKind("SHELL_DAMAGE", 5, new String[] {"DETONATOR", "PRIMER"}, 0.0, 0.2, 1.0,
                    new String[] {"Dented shells found in the box", "Cracked primer casing"}),
            new ProblemKind("CORE_BREAK", 5, new String[] {"DETONATING_CORD"}, 0.0, 0.15, 2.0,
                    new String[] {"Core powder broken, cord did not propagate", "Detonation stopped along the cord"}),
            new ProblemKind("MOISTURE", 6, new String[] {"POWDER_EXPLOSIVE", "DETONATING_CORD", "PRIMER"}, 0.2, 0.3, 1.0,
                    new String[] {"Product damp on arrival", "Water ingress after storage in the magazine"}),
    };

    static final Product[] PRODUCTS = catalogue();

    private static final String[] CITIES_SUFFIX = {"Mining Co.", "Quarry", "Blasting Engineering Co.", "Construction Group",
            "Cement Co.", "Coal Mine", "Hydropower Project", "Railway Tunnel Section"};
    private static final String[] PLACES = {"Xiangtan", "Loudi", "Chenzhou", "Yichang", "Huangshi", "Shaoguan", "Qingyuan",
            "Baise", "Hechi", "Panzhihua", "Liangshan", "Qujing", "Honghe", "Liupanshui", "Zunyi", "Ganzhou", "Pingxiang",
            "Ma'anshan", "Huainan", "Datong", "Changzhi", "Yulin", "Tangshan", "Baotou", "Ordos", "Hami", "Anshan", "Fuxin"};
    private static final String[] SURNAMES = {"Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
            "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao"};
    private static final String[] GIVEN = {"Wei", "Fang", "Min", "Jing", "Lei", "Qiang", "Jun", "Yan", "Tao", "Ping", "Hui", "Gang"};

    private final long seed;
    private final int cases;
    private final LocalDate from;
    private final LocalDate to;

    /** {@code cases} cases over the default period ending on {@link #DEFAULT_END} (see {@link #defaultDays}). */
    public DemoHistory(long seed, int cases) {
        this(seed, cases, DEFAULT_END.minusDays(defaultDays(cases) - 1L), DEFAULT_END);
    }

    /** {@code cases} cases received from {@code from} to {@code to}, both included. */
    public DemoHistory(long seed, int cases, LocalDate from, LocalDate to) {
        if (cases < 0) throw new IllegalArgumentException("cases must be >= 0");
        if (to.isBefore(from)) throw new IllegalArgumentException("to must not be before from");
        this.seed = seed;
        this.cases = cases;
        this.from = from;
        this.to = to;
    }

    /**
     * The default period in days: at least three years, longer for big histories so that there are at most about
     * 10 cases a day (100,000 cases: 27 years). Denser histories are possible (pass a period), but the prior confirmed
     * defects each case is evaluated with grow with the density (about 10 a case at 3 cases a day, 100 at 10, 500 at
     * 100), and with them the time to evaluate and record it and the size of each evaluation record.
     */
    public static int defaultDays(int cases) {
        return Math.max(3 * 365, (cases + 9) / 10);
    }

    public long seed() { return seed; }
    public int size() { return cases; }
    public LocalDate from() { return from; }
    public LocalDate to() { return to; }

    /** The external reference of the n-th case (0-based). */
    public String externalRef(long n) {
        return "DEMO-" + seed + "-" + n;
    }

    public Stream<CaseData> stream() {
        return StreamSupport.stream(Spliterators.spliterator(iterator(), cases,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }

    @Override
    public Iterator<CaseData> iterator() {
        return new Generator();
    }

    /** A burst of confirmed defects of one problem: of one product (recurring) or of several (systemic). */
    private static final class Cluster {
        final ProblemKind problem;
        final Product[] products;
        final String[] sites;
        final LocalDate badRunFrom;
        final long endEpochDay;
        int remaining;
        final double perSlot;

        Cluster(ProblemKind problem, Product[] products, String[] sites, LocalDate badRunFrom, long endEpochDay,
                int remaining, double perSlot) {
            this.problem = problem;
            this.products = products;
            this.sites = sites;
            this.badRunFrom = badRunFrom;
            this.endEpochDay = endEpochDay;
            this.remaining = remaining;
            this.perSlot = perSlot;
        }
    }

    private final class Generator implements Iterator<CaseData> {
        private final SplittableRandom random = new SplittableRandom(seed);
        private final long days = ChronoUnit.DAYS.between(from, to) + 1;
        private final double casesPerDay = cases / (double) days;
        private final List<Cluster> clusters = new ArrayList<>();
        private int n;

        @Override
        public boolean hasNext() {
            return n < cases;
        }

        @Override
        public CaseData next() {
            if (!hasNext()) throw new NoSuchElementException();
            OffsetDateTime received = receivedAt(n);
            startClusters(received.toLocalDate());
            Cluster cluster = pickCluster(received.toLocalDate());
            CaseData data = cluster != null ? clusterCase(cluster, received) : backgroundCase(received);
            n++;
            return data;
        }

        /** Slot n: day floor(n * days / cases), cases of one day evenly spread from 08:00 to 20:00, in order. */
        private OffsetDateTime receivedAt(int i) {
            long day = (long) i * days / cases;
            long first = firstSlot(day);
            long count = firstSlot(day + 1) - first;
            long minuteOfWindow = (i - first) * 720 / Math.max(1, count);
            return from.plusDays(day).atTime(8, 0).plusMinutes(minuteOfWindow).atOffset(CHINA);
        }

        private long firstSlot(long day) {
            // the smallest i with i * days / cases >= day
            return (day * cases + days - 1) / days;
        }

        /** New clusters start now and then: on average one recurring about every 40 days and one systemic every 90. */
        private void startClusters(LocalDate today) {
            double slotsPerDay = Math.max(casesPerDay, 1e-9);
            // scale: at least one cluster of each kind in every few hundred cases, also in dense histories
            double recurringPerDay = Math.max(1.0 / 40, casesPerDay / 600);
            double systemicPerDay = Math.max(1.0 / 90, casesPerDay / 1500);
            if (random.nextDouble() < recurringPerDay / slotsPerDay) {
                Product p = pickProduct();
                ProblemKind problem = pickProblem(p);
                int size = 3 + random.nextInt(5);
                int weeks = 2 + random.nextInt(7);
                String site = p.sites()[random.nextInt(p.sites().length)];
                addCluster(new Cluster(problem, new Product[] {p}, new String[] {site}, badRun(p, today), today.toEpochDay() + weeks * 7L,
                        size, 0));
            }
            if (random.nextDouble() < systemicPerDay / slotsPerDay) {
                ProblemKind problem = PROBLEMS[random.nextInt(PROBLEMS.length)];
                List<Product> fitting = new ArrayList<>();
                for (Product p : PRODUCTS) {
                    if (fits(problem, p)) fitting.add(p);
                }
                int count = Math.min(fitting.size(), 2 + random.nextInt(3));
                Product[] chosen = new Product[count];
                for (int i = 0; i < count; i++) {
                    chosen[i] = fitting.remove(random.nextInt(fitting.size()));
                }
                int size = 3 + random.nextInt(6);
                int weeks = 3 + random.nextInt(8);
                addCluster(new Cluster(problem, chosen, SITES, null, today.toEpochDay() + weeks * 7L, size, 0));
            }
        }

        private void addCluster(Cluster c) {
            double slots = Math.max(1.0, casesPerDay * (c.endEpochDay - currentDay()));
            clusters.add(new Cluster(c.problem, c.products, c.sites, c.badRunFrom, c.endEpochDay, c.remaining,
                    Math.min(1.0, c.remaining / Math.max(1.0, slots))));
        }

        private long currentDay() {
            return from.toEpochDay() + (long) n * days / cases;
        }

        private Cluster pickCluster(LocalDate today) {
            long day = today.toEpochDay();
            clusters.removeIf(c -> c.remaining <= 0 || day > c.endEpochDay);
            for (Cluster c : clusters) {
                if (random.nextDouble() < c.perSlot) {
                    c.remaining--;
                    return c;
                }
            }
            return null;
        }

        /** A production run a few weeks to months back whose product will fail. */
        private LocalDate badRun(Product p, LocalDate today) {
            int maxAge = Math.max(20, (int) Math.min(150, p.validityMonths() * 30L / 2));
            return runOnOrBefore(p, today.minusDays(7 + random.nextInt(maxAge)));
        }

        private CaseData clusterCase(Cluster c, OffsetDateTime received) {
            Product p = c.products[random.nextInt(c.products.length)];
            String site;
            LocalDate produced;
            if (c.badRunFrom != null) {
                site = c.sites[0];
                // the bad run or one of the next two runs
                produced = c.badRunFrom.plusDays((long) p.runEveryDays() * random.nextInt(3));
                if (produced.isAfter(received.toLocalDate())) produced = c.badRunFrom;
            } else {
                site = p.sites()[random.nextInt(p.sites().length)];
                if (random.nextInt(3) == 0) site = SITES[random.nextInt(SITES.length)];
                produced = runOnOrBefore(p, received.toLocalDate().minusDays(5 + random.nextInt(60)));
            }
            return build(received, p, c.problem, site, produced, "PRODUCT_DEFECT", true);
        }

        private CaseData backgroundCase(OffsetDateTime received) {
            Product p = pickProduct();
            ProblemKind problem = pickProblem(p);
            String site = p.sites()[random.nextInt(p.sites().length)];
            LocalDate receivedDay = received.toLocalDate();
            double c = random.nextDouble();
            String cause = c < 0.45 ? "PRODUCT_DEFECT" : c < 0.80 ? "IMPROPER_OPERATION" : "UNDETERMINED";
            LocalDate produced;
            if (random.nextDouble() < 0.07) {
                // expired: received 1 to 180 days after the last valid day
                produced = receivedDay.minusMonths(p.validityMonths()).minusDays(1 + random.nextInt(180));
            } else {
                long validDays = ChronoUnit.DAYS.between(receivedDay.minusMonths(p.validityMonths()), receivedDay);
                // complaints come mostly early in the product's life
                double u = random.nextDouble();
                long age = 3 + (long) (u * u * Math.max(1, validDays - 3));
                produced = receivedDay.minusDays(age);
            }
            // Defects come mostly from a few bad runs (one run in twenty), not evenly from every run.
            produced = cause.equals("PRODUCT_DEFECT") && random.nextDouble() < 0.85 ? badRunOnOrBefore(p, produced)
                    : runOnOrBefore(p, produced);
            return build(received, p, problem, site, produced, cause, false);
        }

        private CaseData build(OffsetDateTime received, Product p, ProblemKind problem, String site, LocalDate produced,
                               String cause, boolean cluster) {
            Unit unit = p.unit();
            String customerProvince = random.nextDouble() < 0.75 ? unit.province()
                    : random.nextDouble() < 0.7 ? unit.neighbours()[random.nextInt(unit.neighbours().length)]
                    : PROVINCES[random.nextInt(PROVINCES.length)];
            String place = PLACES[random.nextInt(PLACES.length)];
            String customerName = place + " " + CITIES_SUFFIX[random.nextInt(CITIES_SUFFIX.length)];
            String contact = SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)]
                    + ", 1" + (30 + random.nextInt(60)) + String.format("%08d", random.nextInt(100_000_000));
            String channel = random.nextDouble() < 0.85 ? "MARKETING_BRANCH" : "QUALITY_DEPARTMENT";
            boolean remote = !cluster && random.nextDouble() < problem.remote();
            int quantity = quantity(p);
            String description = problem.descriptions()[random.nextInt(problem.descriptions().length)];
            CaseData.Findings findings = random.nextDouble() < 0.06 ? null : findings(p, problem, cause, remote, quantity);
            return new CaseData(externalRef(n), received, channel,
                    new CaseData.Customer(customerName, customerProvince, contact),
                    new CaseData.ResponsibleUnit(unit.code(), unit.province()),
                    new CaseData.Product(p.code(), p.name(), p.category(), p.spec(), p.regulated()),
                    batchNumber(p, produced, site), produced, site, quantity,
                    new CaseData.Problem(problem.category(), description), remote, findings);
        }

        private CaseData.Findings findings(Product p, ProblemKind problem, String cause, boolean remote, int quantity) {
            boolean defect = "PRODUCT_DEFECT".equals(cause);
            Boolean repairable = defect ? random.nextDouble() < problem.repairable() : Boolean.FALSE;
            boolean onSite = random.nextDouble() < 0.8;
            BigDecimal loss = loss(problem, defect);
            boolean claimed = loss.signum() > 0 && random.nextDouble() < (defect ? 0.65 : 0.35);
            BigDecimal remedy = remedyValue(loss);
            int staff = remote ? 0 : 1 + (random.nextDouble() < 0.45 ? 1 + random.nextInt(3) : 0);
            Boolean representative = defect && random.nextDouble() < 0.012;
            return new CaseData.Findings(cause, repairable, onSite, loss, claimed, remedy, staff, representative);
        }

        /** Mostly none or small, log-normal tail: about 1 % of cases reach 20,000 CNY. */
        private BigDecimal loss(ProblemKind problem, boolean defect) {
            if (random.nextDouble() < 0.35) return BigDecimal.ZERO;
            double median = 900 * problem.lossScale() * (defect ? 1.3 : 0.8);
            double value = median * Math.exp(1.25 * gaussian());
            if (random.nextDouble() < 0.004) value = 20_000 + random.nextDouble() * 180_000; // a rare major incident
            return BigDecimal.valueOf(Math.min(2_000_000, Math.round(value / 10) * 10L));
        }

        /** Value of what is repaired, returned, replaced or compensated: every approval tier occurs. */
        private BigDecimal remedyValue(BigDecimal loss) {
            double value = 3_500 * Math.exp(1.2 * gaussian()) + loss.doubleValue() * 0.5;
            return BigDecimal.valueOf(Math.min(5_000_000, Math.round(value)));
        }

        private double gaussian() {
            // Box-Muller from the seeded generator (java.util.Random's nextGaussian is not on SplittableRandom in 17)
            double u1 = 1 - random.nextDouble();
            double u2 = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }

        private int quantity(Product p) {
            return switch (p.category()) {
                case "DETONATOR" -> 100 * (1 + random.nextInt(30));
                case "DETONATING_CORD" -> 50 * (1 + random.nextInt(40));
                case "PRIMER" -> 10 * (1 + random.nextInt(50));
                default -> 24 * (1 + random.nextInt(60)); // kg, in cartons of 24 kg
            };
        }

        private Product pickProduct() {
            double total = 0;
            for (Product p : PRODUCTS) total += p.weight();
            double r = random.nextDouble() * total;
            for (Product p : PRODUCTS) {
                r -= p.weight();
                if (r < 0) return p;
            }
            return PRODUCTS[PRODUCTS.length - 1];
        }

        private ProblemKind pickProblem(Product p) {
            double total = 0;
            for (ProblemKind k : PROBLEMS) if (fits(k, p)) total += k.weight();
            double r = random.nextDouble() * total;
            ProblemKind last = null;
            for (ProblemKind k : PROBLEMS) {
                if (!fits(k, p)) continue;
                last = k;
                r -= k.weight();
                if (r < 0) return k;
            }
            return last;
        }
    }

    static boolean fits(ProblemKind problem, Product p) {
        for (String c : problem.productCategories()) {
            if (c.equals(p.category())) return true;
        }
        return false;
    }

    /** Products are made in runs every few days: the run on or before a day. */
    static LocalDate runOnOrBefore(Product p, LocalDate day) {
        long epoch = day.toEpochDay();
        long offset = Math.floorMod(epoch + p.code().hashCode(), p.runEveryDays());
        return day.minusDays(offset);
    }

    /** Every twentieth production run of a product: the runs most defects come from. */
    static LocalDate badRunOnOrBefore(Product p, LocalDate day) {
        int every = 20 * p.runEveryDays();
        long offset = Math.floorMod(day.toEpochDay() + p.code().hashCode(), every);
        return day.minusDays(offset);
    }

    static String batchNumber(Product p, LocalDate produced, String site) {
        return p.code().replace("-", "") + "-" + produced.format(BATCH_DATE) + "-" + site.charAt(site.length() - 1);
    }

    private static Product[] catalogue() {
        List<Product> list = new ArrayList<>();
        // code, name, category, spec, regulated, unit index, sites, run every days, weight
        add(list, "EX-200", "Rock emulsion explosive", 0, "Φ32 mm, 200 g", true, 0, "AB", 3, 6);
        add(list, "EX-300", "Rock emulsion explosive", 0, "Φ35 mm, 300 g", true, 0, "A", 4, 4);
        add(list, "EX-1K", "Rock emulsion explosive, large diameter", 0, "Φ70 mm, 1 kg", true, 3, "C", 5, 3);
        add(list, "EX-C2", "Coal-mine permitted emulsion explosive, grade 2", 0, "Φ35 mm, 200 g", true, 4, "D", 4, 4);
        add(list, "EX-C3", "Coal-mine permitted emulsion explosive, grade 3", 0, "Φ35 mm, 200 g", true, 4, "D", 6, 2);
        add(list, "EX-BULK", "Bulk emulsion matrix", 0, "bulk, 25 kg bag", true, 7, "C", 7, 2);
        add(list, "EX-WR", "Water-resistant emulsion explosive", 0, "Φ40 mm, 500 g", true, 6, "B", 5, 2);
        add(list, "PW-2", "Rock powdery ammonium nitrate explosive No. 2", 1, "25 kg bag", true, 1, "B", 3, 5);
        add(list, "PW-EX", "Expanded ammonium nitrate explosive", 1, "Φ32 mm, 150 g", true, 1, "BC", 4, 4);
        add(list, "PW-ANFO", "ANFO", 1, "25 kg bag", true, 4, "D", 3, 3);
        add(list, "PW-HV", "Heavy ANFO", 1, "bulk", true, 7, "C", 6, 1.5);
        add(list, "PW-VM", "Viscous powder explosive", 1, "Φ35 mm, 200 g", true, 5, "A", 5, 2);
        add(list, "DT-8", "Industrial electric detonator No. 8", 2, "instantaneous, 2 m leg wire", true, 2, "A", 2, 6);
        add(list, "DT-MS", "Millisecond delay electric detonator", 2, "segments 1-20, 3 m", true, 2, "AB", 3, 5);
        add(list, "DT-NE", "Non-electric shock-tube detonator", 2, "MS 1-15, 5 m tube", true, 5, "B", 3, 5);
        add(list, "DT-HP", "Half-second delay detonator", 2, "HS 1-10, 4 m", true, 5, "B", 6, 2);
        add(list, "DT-EL", "Electronic detonator", 2, "programmable 0-16,000 ms, 5 m", true, 2, "A", 4, 3);
        add(list, "DT-CM", "Coal-mine permitted millisecond detonator", 2, "MS 1-5, 2 m", true, 4, "D", 4, 3);
        add(list, "DT-SM", "Seismic detonator", 2, "instantaneous, 20 m", true, 6, "C", 8, 1);
        add(list, "DC-P", "Plastic detonating cord", 3, "12 g/m, 500 m roll", true, 3, "C", 5, 3);
        add(list, "DC-H", "High-energy detonating cord", 3, "40 g/m, 200 m roll", true, 3, "C", 8, 1.5);
        add(list, "DC-L", "Low-energy detonating cord", 3, "5 g/m, 500 m roll", true, 6, "B", 7, 1);
        add(list, "DC-W", "Waterproof detonating cord", 3, "12 g/m, 300 m roll", true, 0, "A", 6, 2);
        add(list, "DC-S", "Seismic detonating cord", 3, "20 g/m, 100 m roll", true, 7, "C", 9, 1);
        add(list, "PR-450", "Cast booster (primer)", 4, "450 g", true, 1, "B", 5, 3);
        add(list, "PR-150", "Cast booster (primer)", 4, "150 g", true, 1, "B", 6, 2);
        add(list, "PR-SEI", "Seismic primer", 4, "250 g, threaded", true, 6, "C", 9, 1);
        add(list, "PR-PS", "Pentolite primer", 4, "400 g", true, 3, "C", 7, 1.5);
        add(list, "PR-ST", "Starter cap holder (primer accessory)", 4, "plastic, 100 pcs", false, 5, "A", 10, 1);
        add(list, "PR-DM", "Dummy primer for training", 4, "inert, 450 g", false, 0, "A", 14, 0.5);
        return list.toArray(Product[]::new);
    }

    private static void add(List<Product> list, String code, String name, int category, String spec, boolean regulated,
                            int unit, String sites, int runEvery, double weight) {
        String[] siteCodes = new String[sites.length()];
        for (int i = 0; i < sites.length(); i++) siteCodes[i] = "SITE-" + sites.charAt(i);
        String cat = CATEGORIES[category];
        int validity = category <= 1 ? 6 : 24;
        list.add(new Product(code, name, cat, spec, regulated, UNITS[unit], siteCodes, runEvery, validity, weight));
    }
}
