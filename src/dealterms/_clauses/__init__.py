"""One private module per clause family; the public names are re-exported by `dealterms`."""
