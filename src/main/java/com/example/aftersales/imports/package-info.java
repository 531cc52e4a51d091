/**
 * Bulk import of historical cases from CSV or XLSX (P19's records kept before this service): {@code POST /api/imports},
 * each row checked as {@code POST /api/cases} checks a case and registered through {@code CaseService}, in receipt
 * order; large files as a job with progress. Its only published type is {@link com.example.aftersales.imports.CaseColumns}
 * (the columns of a case row, which the scenario workbooks share); the rest is in {@code internal}, which Spring
 * Modulith's verification keeps other modules out of.
 */
package com.example.aftersales.imports;
