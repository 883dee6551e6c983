"""The page's parts: each module owns one region: `layout(...)` and `register_callbacks(app)`."""
