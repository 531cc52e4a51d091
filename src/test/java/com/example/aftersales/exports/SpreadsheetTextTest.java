package com.example.aftersales.exports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadsheetTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"=cmd|' /C calc'!A0", "+1+1", "-5", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1", "=", "-"})
    void textStartingAFormulaIsPrefixedWithAQuote(String text) {
        assertThat(SpreadsheetText.neutralise(text)).isEqualTo("'" + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"REPORT_TO_LEADERS", "补救：操作不当的不予补救 / Remedy: none for improper operation", "2026-01-01T08:00:00+08:00", "5",
            "'=already quoted", "a=1", "P-001", "理由"})
    void otherTextIsUnchanged(String text) {
        assertThat(SpreadsheetText.neutralise(text)).isSameAs(text);
    }

    @Test
    void nullAndEmptyStayAsTheyAre() {
        assertThat(SpreadsheetText.neutralise(null)).isNull();
        assertThat(SpreadsheetText.neutralise("")).isEmpty();
    }
}
