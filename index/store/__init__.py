"""SQLite stores of the data folder: the catalog (a cache) and the tags (user data)."""
