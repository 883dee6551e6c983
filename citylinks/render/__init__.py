"""What is drawn or written: the map figures (map.py assembling the traces of traces/ from
mapdata.py; styles, wording, labels, layers and row_values beside them), the timeline chart,
the table rows, the offline page (snapshot.py and templates/) and the CSV export."""
