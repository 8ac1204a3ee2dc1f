"""Fan-in: runs once every region is processed."""

print("All regions processed.")
