"""Count today's orders; the job's condition task decides from this value whether to fan out."""

import argparse
import random

from lakeflow.runtime import dbutils

parser = argparse.ArgumentParser()
parser.add_argument("--day", default="2024-01-01")
args = parser.parse_args()

orders = random.Random(args.day).randint(20, 200)  # noqa: S311 - demo data
print(f"{orders} orders on {args.day}")
dbutils.jobs.taskValues.set(key="orders", value=orders)
