"""Load: write the day's summary (here: print it; a real job would write a table)."""

import argparse
import json

from lakeflow.runtime import dbutils

parser = argparse.ArgumentParser()
parser.add_argument("--day", default="2024-01-01")
args = parser.parse_args()

summary = {
    "day": args.day,
    "orders": dbutils.jobs.taskValues.get(taskKey="extract", key="orders", default=0),
    "revenue": dbutils.jobs.taskValues.get(taskKey="extract", key="revenue", default=0.0),
    "average_order": dbutils.jobs.taskValues.get(taskKey="transform", key="average_order", default=0.0),
}
print("Loaded summary:", json.dumps(summary))
