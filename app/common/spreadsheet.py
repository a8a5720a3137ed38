"""CSV for a district office's spreadsheet: UTF-8 with a BOM (Excel on Chinese Windows reads the
Chinese only after one), and the download response every CSV endpoint and page answers with."""
import csv
import io

from flask import Response


class ExcelCsv:
    """`rows.writer.writerow(...)`, then `rows.text()`: the CSV text, BOM first."""

    def __init__(self):
        self._out = io.StringIO()
        self._out.write("\ufeff")
        self.writer = csv.writer(self._out)

    def text(self) -> str:
        return self._out.getvalue()


def download(text: str, filename: str) -> Response:
    """`text` as an attachment named `filename` (.csv added)."""
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})
