"""Every export format, by the name used in URLs and on the command line.

Adding a format is adding one class here.
"""

from __future__ import annotations

from workbench.exports.base import Exporter
from workbench.exports.data import JsonExporter
from workbench.exports.html import HtmlExporter
from workbench.exports.markdown import MarkdownBilingualExporter, MarkdownExporter
from workbench.exports.text import TextBilingualExporter, TextExporter
from workbench.exports.tmx import TmxExporter
from workbench.exports.word import DocxBilingualExporter, DocxEnglishExporter
from workbench.exports.xliff import Xliff12Exporter, Xliff20Exporter

EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        HtmlExporter(),
        DocxBilingualExporter(),
        DocxEnglishExporter(),
        MarkdownExporter(),
        MarkdownBilingualExporter(),
        TextExporter(),
        TextBilingualExporter(),
        Xliff20Exporter(),
        Xliff12Exporter(),
        TmxExporter(),
        JsonExporter(),
    )
}
