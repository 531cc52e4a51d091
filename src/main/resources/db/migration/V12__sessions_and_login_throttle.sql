-- Sessions end with the account: every change of a person's password, roles or enabled state adds one to this number.
-- A console session remembers the number it signed in under and is ended at its next request when the number in the
-- database differs (SessionEpochFilter): at once, on every instance sharing this database.
alter table app_user add column credential_epoch bigint not null default 0;

-- Failed sign-ins (HTTP Basic and the login form), counted across instances: one row per user name and one per client
-- address that failed lately. subject is the SHA-256 of 'user:<name>' or 'address:<address>', so that a password typed
-- into the name field is never stored. A row is forgotten aftersales.security.login.forget-after after its last
-- failure (and once its lock has passed); a successful sign-in deletes the user name's row.
create table login_failure (
    subject         varchar(64) primary key,
    failures        integer     not null,
    last_failure_at timestamp with time zone not null,
    locked_until    timestamp with time zone
);
