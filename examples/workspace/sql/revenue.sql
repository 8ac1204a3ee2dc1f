-- Revenue per region, on the default SQL warehouse (embedded DuckDB).
CREATE OR REPLACE TABLE demo_orders AS
SELECT
    range AS order_id,
    ['north', 'south', 'east'][(range % 3) + 1] AS region,
    round(5 + (range * 37) % 245, 2) AS amount
FROM range(300);

SELECT region, count(*) AS orders, round(sum(amount), 2) AS revenue
FROM demo_orders
GROUP BY region
ORDER BY revenue DESC;
