"""Process one region's orders (one task per region, running in parallel)."""

import argparse
import time

parser = argparse.ArgumentParser()
parser.add_argument("--region", required=True)
args = parser.parse_args()

for step in ("validate", "enrich", "aggregate"):
    print(f"[{args.region}] {step}")
    time.sleep(0.5)
print(f"[{args.region}] done")
