"""``import``: from the Word, Excel, web page or pasted text a unit already has to a draft report under ``units/``.

One job, in four steps: :mod:`.safety` (what may be opened at all), the readers (:mod:`.readers` choosing among
:mod:`.text`, :mod:`.office`, :mod:`.webpage`) give one neutral :class:`~.document.Document` (paragraphs and tables
of cells); :mod:`.mapper` turns it into the schema's fields with where each value came from (:mod:`.parts`: which
report is where; :mod:`.formfields`: labels and their values; :mod:`.tables`: printed tables by their column titles;
:mod:`.narrative` and :mod:`.prose`: the 文字部分 and what it prints), and :mod:`.draft` writes the files;
:mod:`.run` is the command from start to end.
"""
