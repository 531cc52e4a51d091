/**
 * What every export (CSV, XLSX) shares: exports are data, so no text cell may start a formula. Depends on no other
 * module, so that any may use it.
 */
package com.example.aftersales.exports;
