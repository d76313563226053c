"""What changed: between two versions of the data (folders or builds, :mod:`.versions`) or
between two dates on one graph (:mod:`.dates`). Both give :class:`~.rows.Change` rows that
:mod:`.rows` writes as a table, Markdown, CSV or JSON."""
