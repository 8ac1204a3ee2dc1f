"""Models: see DESIGN §3."""
