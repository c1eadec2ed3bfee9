"""Reading CSV files people export from spreadsheets."""

from __future__ import annotations

import csv


def dialect_for(sample: str) -> type[csv.Dialect]:
    """The dialect of a CSV file from its first few kilobytes: the delimiter is guessed (comma,
    semicolon or tab, as spreadsheets in different locales write them), quoting stays the standard
    double quote. Letting the guess pick the quote character too would take the apostrophes of
    names such as N'Diaye or L'Hospitalet for quotes and run rows together."""
    try:
        delimiter = csv.Sniffer().sniff(sample[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return type("SpreadsheetDialect", (csv.excel,), {"delimiter": delimiter})
