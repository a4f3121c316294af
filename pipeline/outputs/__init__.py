"""Stage 5, the outputs: bundles from reviewed catalogs, review statistics and the HTML report.

Modules::

    bundle     read and check every catalog, plan each format's files, write them
    writers/   one module per bundle format (mo, document, json) and their registry
    localize   a document as one locale ships it (the input of every format)
    stats      review progress in units and source words
    report     the HTML report
"""
