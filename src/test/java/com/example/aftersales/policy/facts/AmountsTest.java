package com.example.aftersales.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.example.aftersales.text.Text;

/** Money in words: ¥ and thousands in Chinese, CNY in English, fen only when there are any. */
class AmountsTest {

    @ParameterizedTest(name = "{0} → {1} / {2}")
    @CsvSource(delimiter = '|', value = {
            "92050      | ¥92,050           | CNY 92,050",
            "92050.00   | ¥92,050           | CNY 92,050",
            "2E+4       | ¥20,000           | CNY 20,000",
            "0          | ¥0                | CNY 0",
            "0.00       | ¥0                | CNY 0",
            "999        | ¥999              | CNY 999",
            "1000       | ¥1,000            | CNY 1,000",
            "19999.99   | ¥19,999.99        | CNY 19,999.99",
            "100000.01  | ¥100,000.01       | CNY 100,000.01",
            "0.5        | ¥0.50             | CNY 0.50",
            "1234567890123.45 | ¥1,234,567,890,123.45 | CNY 1,234,567,890,123.45",
            "-1000      | -¥1,000           | CNY -1,000",
            "-0.01      | -¥0.01            | CNY -0.01",
            "-0.001     | ¥0                | CNY 0",
            "12.345     | ¥12.35            | CNY 12.35",
    })
    void formats(String amount, String zh, String en) {
        BigDecimal cny = new BigDecimal(amount);
        assertThat(Amounts.zh(cny)).isEqualTo(zh);
        assertThat(Amounts.en(cny)).isEqualTo(en);
        assertThat(Amounts.in(cny, Locale.SIMPLIFIED_CHINESE)).isEqualTo(zh);
        assertThat(Amounts.in(cny, Locale.ENGLISH)).isEqualTo(en);
        assertThat(Amounts.text(cny)).isEqualTo(new Text(zh, en));
    }

    @Test
    @DisplayName("The figure is what DecimalFormat #,##0 / #,##0.00 writes, for any amount and scale")
    void numberAsDecimalFormat() {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 200_000; i++) {
            BigDecimal cny = switch (i % 4) {
                case 0 -> BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000, random.nextInt(5));
                case 1 -> BigDecimal.valueOf(random.nextLong() >> random.nextInt(64), random.nextInt(8) - 2);
                case 2 -> BigDecimal.valueOf(random.nextInt(2001) - 1000, 3);
                default -> new BigDecimal(new java.math.BigInteger(90, random), random.nextInt(12)).negate();
            };
            assertThat(Amounts.number(cny)).as("%s", cny.toPlainString()).isEqualTo(byDecimalFormat(cny));
        }
    }

    /** How {@link Amounts#number} wrote it before (a DecimalFormat per call). */
    private static String byDecimalFormat(BigDecimal cny) {
        BigDecimal fen = cny.setScale(2, java.math.RoundingMode.HALF_UP);
        boolean whole = fen.remainder(BigDecimal.ONE).signum() == 0;
        java.text.DecimalFormat format = new java.text.DecimalFormat(whole ? "#,##0" : "#,##0.00",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(fen);
    }

    @Test
    @DisplayName("No amount is no text; any number is read as an amount")
    void noneAndNumbers() {
        assertThat(Amounts.zh(null)).isEmpty();
        assertThat(Amounts.en(null)).isEmpty();
        assertThat(Amounts.number(null)).isEmpty();
        assertThat(Amounts.text(Integer.valueOf(5000))).isEqualTo(new Text("¥5,000", "CNY 5,000"));
        assertThat(Amounts.number(new BigDecimal("92050.5"))).isEqualTo("92,050.50");
        assertThat(Amounts.in(new BigDecimal("1"), null)).isEqualTo("CNY 1");
    }

    @Test
    @DisplayName("The hand-written grouping writes what DecimalFormat wrote, for any amount and scale")
    void sameAsDecimalFormat() {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal cny = BigDecimal.valueOf(random.nextLong() >> random.nextInt(64), random.nextInt(7) - 2);
            BigDecimal fen = cny.setScale(2, java.math.RoundingMode.HALF_UP);
            boolean whole = fen.remainder(BigDecimal.ONE).signum() == 0;
            var format = new java.text.DecimalFormat(whole ? "#,##0" : "#,##0.00",
                    java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
            format.setRoundingMode(java.math.RoundingMode.HALF_UP);
            assertThat(Amounts.number(cny)).as("%s", cny).isEqualTo(format.format(fen));
        }
    }
}
