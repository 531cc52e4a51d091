/**
 * Decision tables as data: a table's definition (typed columns, the rule template) and the typed rows read from its
 * workbook. Published so that the console can set a case's inputs against the cells of the row that decided it.
 */
@NamedInterface("tables")
package com.example.aftersales.policy.tables;

import org.springframework.modulith.NamedInterface;
