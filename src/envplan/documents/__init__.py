"""Plan documents: readers (TXT, DOCX, PDF), text normalisation, structure and clause parsers."""
