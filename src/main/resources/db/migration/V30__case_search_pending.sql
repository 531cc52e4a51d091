-- Cases recorded one by one (POST /api/cases, imports) whose free-text terms (case_search_term, V22) are not written
-- yet: one narrow row with the case, its terms (about fifty rows spread over the whole term index) written in batches
-- by cases.SearchIndexer shortly after. The search reads these cases as candidates too and checks them with the same
-- conditions, so it finds a case from the moment it is recorded. No foreign key, like case_search_term: the indexer
-- drops a row whose case is gone.
create table case_search_pending (
    case_id bigint primary key
);
