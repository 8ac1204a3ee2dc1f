"""Engine benchmarks: see bench/__main__.py."""
