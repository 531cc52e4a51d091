package com.example.aftersales.console.internal;

import java.math.BigDecimal;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.example.aftersales.exports.Money;
import com.example.aftersales.policy.facts.Amounts;

/**
 * Amounts of CNY on the impact pages, as {@code ${@impactMoney.cny(amount, #locale)}}: ¥ with thousands separators in
 * Chinese, CNY in English ({@link Amounts}, the one money form of pages, reasons and the diff); a difference with
 * its sign.
 */
@Component("impactMoney")
public class ImpactMoney {

    public String cny(BigDecimal amount, Locale locale) {
        if (amount == null) {
            return "—";
        }
        return english(locale) ? Amounts.en(amount) : Amounts.zh(amount);
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
}
