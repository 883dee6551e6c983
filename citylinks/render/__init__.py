"""What is drawn or written: the map figures, the table rows, the offline page
and the CSV export."""
