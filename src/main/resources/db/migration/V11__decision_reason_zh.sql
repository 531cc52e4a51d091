-- Each decision's reason is recorded in Chinese beside the English one (reason), exactly as its rule gave it.
-- Decisions recorded before carry English only; they are shown in English.
alter table decision add column reason_zh varchar(2000);
