-- The free-text terms (case_search_term, V22) without what nothing reads: the case's receipt time (the search reads
-- only term and case; the cases found are checked and ordered from aftersales_case) and the index by case (no
-- statement looks terms up by case alone: SearchTerms.fill finds a case without terms by its unit's term, on the
-- primary key). Each term written paid for both (issue 17: bench TermsWrite).
-- IF EXISTS: V22 creates the table without them since.
drop index if exists ix_case_search_term_case;
alter table case_search_term drop column if exists received_at;
