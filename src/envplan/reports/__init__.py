"""Outputs: XLSX/DOCX/PDF/HTML ledgers, bulletins, warning letters and charts."""
