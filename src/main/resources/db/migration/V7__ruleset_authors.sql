-- Who made a ruleset version (a draft's uploader) and who activated one: the console shows them.

alter table ruleset_version add column author varchar(200);
alter table ruleset_activation add column activated_by varchar(200);
