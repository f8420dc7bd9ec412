"""Small pure string helpers: word splitting and terminal safety."""
