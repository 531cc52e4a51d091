package com.example.aftersales.followup.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.aftersales.followup.FollowupExceptions;
import com.example.aftersales.followup.MonthlyReports;
import com.example.aftersales.followup.MonthlySummary;
import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.followup.FollowupExceptions.InvalidInput;

@RestController
@RequestMapping("/api/reports/monthly")
@Tag(name = "Follow-up")
class MonthlyReportController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final MonthlyReports reports;
    private final ExportLanguages languages;

    MonthlyReportController(MonthlyReports reports, ExportLanguages languages) {
        this.reports = reports;
        this.languages = languages;
    }

    @GetMapping("/{month:[0-9][0-9][0-9][0-9]-[0-9][0-9]}")
    @Operation(summary = "Monthly summary of quality feedback handling (P19), cases received in the month")
    MonthlySummary json(@PathVariable String month,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at) {
        return at == null ? reports.summary(month(month)) : reports.summary(month(month), at);
    }

    @GetMapping("/{month:[0-9][0-9][0-9][0-9]-[0-9][0-9]}.xlsx")
    @Operation(summary = "The monthly summary as an Excel workbook (月度质量信息反馈处理汇总)",
            description = "The figures, the month's cases one per row, the breakdowns, decisions and major incidents. "
                    + "Sheet names and headers in Chinese or English (`lang`, else `Accept-Language`, else zh-CN); "
                    + "times as date cells in China time, amounts as numbers in the CNY format; codes as codes.")
    ResponseEntity<byte[]> xlsx(@PathVariable String month,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at,
                                @Parameter(description = ExportLanguages.LANG_PARAMETER, schema = @Schema(type = "string",
                                        allowableValues = {"zh-CN", "en"})) @RequestParam(required = false) ExportLanguage lang,
                                HttpServletRequest request) throws IOException {
        YearMonth wanted = month(month);
        ExportLanguage language = languages.forApi(lang, request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports.xlsx(wanted, at, language, out);
        return ResponseEntity.ok().contentType(XLSX).header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("monthly-summary-" + month + ".xlsx").build().toString())
                .body(out.toByteArray());
    }

    private static YearMonth month(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("month", com.example.aftersales.text.Text.of("followup.month"));
        }
    }
}
