"""SQL warehouses: see DESIGN §5 (SQL)."""
