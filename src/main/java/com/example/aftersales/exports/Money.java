package com.example.aftersales.exports;

import java.math.BigDecimal;

/** An amount in CNY: a number cell with the CNY format in a workbook, a plain number in a CSV. */
public record Money(BigDecimal cny) {

    /** The amount, or null (an empty cell) when there is none. */
    public static Money of(BigDecimal cny) {
        return cny == null ? null : new Money(cny);
    }
}
