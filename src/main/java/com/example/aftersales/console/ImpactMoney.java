package com.example.aftersales.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.example.aftersales.exports.Money;

/**
 * Amounts of CNY on the impact pages, as {@code ${@impactMoney.cny(amount, #locale)}}: ¥ with thousands separators in
 * Chinese, CNY in English; a difference with its sign. Until {@link Money} formats amounts for pages, the one place
 * the impact pages format them.
 */
@Component("impactMoney")
public class ImpactMoney {

    public String cny(BigDecimal amount, Locale locale) {
        if (amount == null) {
            return "—";
        }
        return english(locale) ? "CNY " + number(amount) : "¥" + number(amount);
    }

    public String cny(Money money, Locale locale) {
        return money == null ? "—" : cny(money.cny(), locale);
    }

    /** A difference: {@code +¥1,200} / {@code −¥300} / {@code ¥0}. */
    public String difference(BigDecimal amount, Locale locale) {
        if (amount == null) {
            return "—";
        }
        int sign = amount.signum();
        return (sign > 0 ? "+" : sign < 0 ? "−" : "") + cny(amount.abs(), locale);
    }

    /** A difference of counts, with its sign. */
    public String difference(long count) {
        return count > 0 ? "+" + count : count < 0 ? "−" + (-count) : "0";
    }

    private static boolean english(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage());
    }

    private static String number(BigDecimal amount) {
        BigDecimal scaled = amount.setScale(2, RoundingMode.HALF_UP);
        DecimalFormat format = new DecimalFormat(scaled.stripTrailingZeros().scale() <= 0 ? "#,##0" : "#,##0.00",
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(scaled);
    }
}
