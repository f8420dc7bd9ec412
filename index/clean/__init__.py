"""Cleaning: boilerplate out; title, outlet, date and body kept."""
