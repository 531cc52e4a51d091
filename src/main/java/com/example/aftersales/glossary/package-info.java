/**
 * The Chinese and English labels of every code set (decision types and values, causes, categories, provinces,
 * statuses, roles, clauses), as data in {@code glossary/glossary.yaml}: {@link Glossary} for other modules,
 * {@code GET /api/glossary} for integrators. Depends on no other module, so that any may use it.
 */
package com.example.aftersales.glossary;
