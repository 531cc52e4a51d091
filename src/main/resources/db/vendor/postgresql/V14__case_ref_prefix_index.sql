-- The reference search is a prefix search (external_ref like 'X%'). PostgreSQL uses a plain index for LIKE only
-- under the C collation; varchar_pattern_ops compares byte by byte, whatever the database's collation.
-- (H2 reads a prefix LIKE from the unique index on external_ref: its V14 adds nothing.)
create index ix_case_external_ref_prefix on aftersales_case (external_ref varchar_pattern_ops);
