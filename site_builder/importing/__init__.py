"""``import``: from the Word, Excel, web page or pasted text a unit already has to a draft report under ``units/``.

One job, in four steps: :mod:`.safety` (what may be opened at all), the readers (:mod:`.text`, :mod:`.office`,
:mod:`.webpage`) give one neutral :class:`~.document.Document` (paragraphs and tables of cells), :mod:`.mapper`
(with :mod:`.tables` and :mod:`.narrative`) turns it into the schema's fields with where each value came from, and
:mod:`.draft` writes the files.
"""
