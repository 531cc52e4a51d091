/**
 * What every export (CSV, XLSX) shares: the language it is written in ({@link ExportLanguages}: {@code lang},
 * {@code Accept-Language}, the default) and its words ({@code exports/messages*.properties}); typed cells (times in
 * China time as date cells, {@link Money} in the CNY format, whole numbers) and headings ({@link Xlsx}, {@link Csv});
 * and, exports being data, no text cell that starts a formula ({@link SpreadsheetText}). Depends on no other module,
 * so that any may use it.
 */
package com.example.aftersales.exports;
