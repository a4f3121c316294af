"""Stage 5, the outputs: bundles from reviewed catalogs, review statistics and the HTML report."""
