"""Another city's spreadsheet: reading it within bounds, preparing its rows,
keeping the page's imports."""
