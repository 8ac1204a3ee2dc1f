"""Clusters and their events: see DESIGN §6."""
