"""The inventory (fleet.toml), and later the deploy engine, health checks and drift."""
