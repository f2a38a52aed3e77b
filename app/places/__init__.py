"""Places: the colonias catalogue (SEPOMEX), the location pin, and where the problems are."""
