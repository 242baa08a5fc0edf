"""Stock locations, movements and levels."""
