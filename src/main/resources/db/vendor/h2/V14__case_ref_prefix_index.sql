-- The reference search is a prefix search (external_ref like 'X%'). H2 reads it from the unique index on
-- external_ref (uq_case_external_ref), whatever the collation: nothing to add. PostgreSQL's V14 adds an index with
-- varchar_pattern_ops. The version is kept in both histories, so that both databases go on from V15 alike.
select 1;
