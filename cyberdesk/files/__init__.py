"""Reading and writing files safely: limits before parsing, temporary names then rename, locks,
output paths that never land on the user's own data, and where the app keeps its files."""
