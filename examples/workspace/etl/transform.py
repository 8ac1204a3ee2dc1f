"""Transform: derive the average order value from what `extract` found."""

from lakeflow.runtime import dbutils

orders = dbutils.jobs.taskValues.get(taskKey="extract", key="orders", default=0)
revenue = dbutils.jobs.taskValues.get(taskKey="extract", key="revenue", default=0.0)
average = round(revenue / orders, 2) if orders else 0.0
print(f"{orders} orders, revenue {revenue}, average order {average}")

dbutils.jobs.taskValues.set(key="average_order", value=average)
