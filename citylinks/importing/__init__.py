"""Another city's spreadsheet: reading it within bounds (source), what its columns and words
mean (columns), its places (places), preparing its rows (prepare), writing its data folder
(folder), keeping the page's imports (workspace). Problems are said through citylinks.i18n."""
