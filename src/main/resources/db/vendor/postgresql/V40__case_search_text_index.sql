-- Free text (cases.CaseSearch) checks each case's names, reference, product code and codes: the same index as H2's
-- V40 (see there), the text's columns as INCLUDE columns, so that a common text can be counted by an index-only scan
-- rather than from the cases' rows. (Measured on H2 only.)
create index ix_case_search_text on aftersales_case (received_at, id) include (search_names, external_ref,
    product_code, product_category, problem_category, unit_code, customer_province);
