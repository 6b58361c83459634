"""Cells that a spreadsheet program would run as a formula, made inert.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets when the CSV file is opened (CSV
injection). Following OWASP's guidance, such a cell gets a leading single quote, which
the spreadsheet shows as text and a data tool can strip. Every CSV file the site writes
passes each cell through `spreadsheet_safe`.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """`value` as a cell no spreadsheet runs as a formula."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
