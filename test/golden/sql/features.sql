-- Per-customer aggregates since a date, in Redshift's dialect.
create table analytics.features as
select customer_id, count(*) as orders, nvl(sum(amount), 0) as spend
from raw.orders
where ordered_at >= :since
group by customer_id;
