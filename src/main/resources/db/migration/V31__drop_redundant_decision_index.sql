-- ix_decision_type_value (V1) is the first two columns of ix_decision_type_value_evaluation (V13): every look-up by
-- type (and value) is served by the latter, on H2 and PostgreSQL alike. One index less to write for every decision
-- row (about eight a case), in the commit of each recorded request.
drop index ix_decision_type_value;
