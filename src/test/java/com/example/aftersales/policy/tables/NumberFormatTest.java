package com.example.aftersales.policy.tables;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which number formats show a cell's value as it is: the ones Excel, WPS and LibreOffice offer for money and counts. */
class NumberFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {"General", "@", "0", "0.0", "#,##0", "#,##0.00", "¥#,##0", "\\¥#,##0", "\"¥\"#,##0.00",
            "[$¥-804]#,##0.00", "\"¥\"#,##0.00;\"¥\"\\-#,##0.00", "#,##0.00;[Red]\\-#,##0.00", "#,##0_);(#,##0)",
            "#,##0\"元\"", "#,##0.00;-#,##0.00;0.00;@"})
    void plainFormatsShowTheValue(String format) {
        assertThat(WorkbookReader.plain(format)).as(format).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0\"); System.exit(1); //\"", ";;;", "#,##0;;;", "0%", "0.00E+00", "[>=20000]\"major\";0",
            "yyyy-mm-dd", "#,##0 \"CNY or more\"", "\"20000\""})
    void otherFormatsAreRefused(String format) {
        assertThat(WorkbookReader.plain(format)).as(format).isFalse();
    }
}
