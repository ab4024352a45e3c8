"""Finding formulations (提法) in speeches: candidates, judgement, expansions, descriptions."""
