-- A replay keeps what it lists of each changed case — the reference people know it by, and the unit, customer's
-- province and product category its impact is broken down by — so that reading a run's changes reads replay's own
-- tables only.
alter table replay_change add column external_ref varchar(100);
alter table replay_change add column unit_code varchar(100);
alter table replay_change add column customer_province varchar(100);
alter table replay_change add column product_category varchar(100);

update replay_change set
    external_ref      = (select c.external_ref from aftersales_case c where c.id = replay_change.case_id),
    unit_code         = (select c.unit_code from aftersales_case c where c.id = replay_change.case_id),
    customer_province = (select c.customer_province from aftersales_case c where c.id = replay_change.case_id),
    product_category  = (select c.product_category from aftersales_case c where c.id = replay_change.case_id);
