"""Extract: read the day's orders (generated here, seeded by the day) and hand their totals on.

Downstream tasks read what this task sets with dbutils.jobs.taskValues, as on Databricks.
"""

import argparse
import random

from lakeflow.runtime import dbutils

parser = argparse.ArgumentParser()
parser.add_argument("--day", default="2024-01-01")
parser.add_argument("--orders", type=int, default=120)
args = parser.parse_args()

rng = random.Random(args.day)  # noqa: S311 - demo data, seeded by the day
amounts = [round(rng.uniform(5, 250), 2) for _ in range(args.orders)]
print(f"Extracted {len(amounts)} orders for {args.day}")

dbutils.jobs.taskValues.set(key="orders", value=len(amounts))
dbutils.jobs.taskValues.set(key="revenue", value=round(sum(amounts), 2))
