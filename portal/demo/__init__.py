"""Demo data for สพป.นครพนม เขต ๒, so a fresh install looks and works like the real thing."""
