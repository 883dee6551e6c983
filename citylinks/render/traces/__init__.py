"""The map's traces, one module per kind: lines from home, partners, network members,
events, and the home city with the selected city's ring. Each is a pure function from a
`MapData` (citylinks/render/mapdata.py) and a view to plotly trace dicts."""
