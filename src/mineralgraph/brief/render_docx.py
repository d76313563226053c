"""The brief as a Word document through python-docx (imported lazily): real Heading 1/2
styles, real tables with a repeating header row, embedded figures, A4 pages with a running
header and page numbers, http(s) sources as real hyperlinks."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from .cite import Para, plain_text
from .body import FULL_FINDINGS
from .document import Brief, FigureSpec, Finding, Table
from .fmt import no_break

A4_CM = (21.0, 29.7)
MARGIN_CM = 1.8
TEXT_WIDTH_CM = A4_CM[0] - 2 * MARGIN_CM
#: Characters XML 1.0 cannot hold (python-docx would refuse them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ACCENT = (0x0B, 0x4F, 0x8A)
TABLE_PT = 9
BODY_FONT = "Arial"
#: Highest a figure is drawn, in cm (as brief.css does for the PDF).
FIGURE_MAX_HEIGHT_CM = {"timeline": 7.2, "map": 15.0, "*": 8.9}
#: Column width per character of its longest cell at 9 pt (DejaVu/Calibri average), and the
#: bounds of a column before its share of the page is worked out.
CM_PER_CHAR = 0.19
MIN_CHARS, MAX_CHARS = 4, 38
MAX_WORD = 16  # a column is at least as wide as its longest word, up to this many characters


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_docx(brief: Brief, figures: dict[str, dict[str, bytes]], *,
                created: dt.datetime) -> bytes:
    """DOCX bytes of ``brief``; ``created`` is stored as its creation and modification time,
    and every part of the package gets a fixed timestamp, so the same brief gives the same
    file."""
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    doc.styles["Normal"].font.size = Pt(10)
    # Arial (Liberation Sans where LibreOffice runs): the template's Calibri falls back to
    # a wide serif face on machines without it, and the body then runs past four pages
    doc.styles["Normal"].font.name = BODY_FONT
    _header_footer(section, brief)
    props = doc.core_properties
    props.title, props.author, props.subject = _clean(brief.title), "mineralgraph", \
        _clean(f"Policy brief: {brief.focus_label}")
    props.keywords = "critical minerals; supply chain; mineralgraph"
    props.created = props.modified = props.last_printed = created
    props.last_modified_by, props.revision = "mineralgraph", 1

    doc.add_heading(_clean(brief.title), level=0)
    meta = doc.add_paragraph()
    for label, value in (("Focus: ", f"{brief.focus_label} ({brief.focus_kind})"),
                         ("   As of: ", brief.as_of + (f" ({brief.as_of_note})"
                                                   if brief.as_of_note else "")),
                         ("   Sources: ", str(len(brief.sources)))):
        meta.add_run(label).bold = True
        meta.add_run(_clean(no_break(value)))

    if brief.changes is not None:
        doc.add_heading(_clean(brief.changes.heading), level=1)
        for point in brief.changes.points:
            _para(doc.add_paragraph(style="List Bullet"), point)

    doc.add_heading("Summary", level=1)
    _para(doc.add_paragraph(), brief.summary)
    note = doc.add_paragraph()
    note.add_run(_clean(no_break(brief.scope_note))).italic = True

    doc.add_heading("Key findings", level=1)
    for finding in brief.findings:
        _finding(doc, finding, level=2)

    doc.add_heading("Figures", level=1)
    for i, fig in enumerate(brief.body_figures, 1):
        _figure(doc, fig, i, figures)

    doc.add_heading("Projects", level=1)
    for t in brief.tables:
        _table(doc, t)
    doc.add_heading("Contested facts", level=1)
    if brief.contested:
        n = len(brief.contested)
        doc.add_paragraph(f"Sources disagree on {n} fact{'s' if n > 1 else ''}; the annex sets "
                          "each source's claim side by side:")
        for t in brief.contested:
            doc.add_paragraph(_clean(no_break(t.title)), style="List Bullet")
    else:
        doc.add_paragraph("No contested facts are recorded for this scope.")

    doc.add_heading("Risks per project", level=1)
    for group in brief.risks:
        doc.add_heading(_clean(group.subject), level=2)
        if group.note:
            doc.add_paragraph().add_run(_clean(group.note)).italic = True
        for item in group.items:
            _para(doc.add_paragraph(style="List Bullet"), item)
    if not brief.risks:
        doc.add_paragraph("No risks are recorded for this scope.")

    doc.add_page_break()
    doc.add_heading("Annex: contested facts, financing, actors and figures", level=1)
    if brief.findings_in_full:
        doc.add_heading(FULL_FINDINGS, level=2)
        for finding in brief.findings_in_full:
            _finding(doc, finding, level=3)
    for t in [*brief.annex_tables, *brief.contested, *brief.annex]:
        _table(doc, t)
    for i, fig in enumerate(brief.annex_figures, len(brief.body_figures) + 1):
        _figure(doc, fig, i, figures)

    doc.add_heading("Sources", level=1)
    for src in brief.sources:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(0.8)
        p.paragraph_format.first_line_indent = Cm(-0.8)
        p.add_run(f"[{src.number}]\t").bold = True
        if src.publisher:
            p.add_run(_clean(f"{src.publisher}. "))
        p.add_run(_clean(no_break(src.title))).italic = True
        p.add_run(_clean(no_break(f". {src.date}" + ("" if src.date.endswith(".") else "."))))
        if src.url:
            p.add_run(" ")
            _hyperlink(p, src.url)
        if src.note:
            p.add_run(_clean(f" ({src.note})"))
        if src.kind:
            p.add_run(_clean(f" [{src.kind}]"))
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _finding(doc, finding: Finding, *, level: int) -> None:
    doc.add_heading(_clean(finding.heading), level=level)
    for point in finding.shown:
        _para(doc.add_paragraph(style="List Bullet"), point)


def _figure(doc, fig: FigureSpec, number: int, figures: dict[str, dict[str, bytes]]) -> None:
    from docx.shared import Cm

    pic = doc.add_picture(io.BytesIO(figures[fig.key]["png"]), width=Cm(TEXT_WIDTH_CM))
    tallest = Cm(FIGURE_MAX_HEIGHT_CM.get(fig.key, FIGURE_MAX_HEIGHT_CM["*"]))
    if pic.height > tallest:  # as the PDF: a tall figure is scaled down, not the page filled
        pic.width, pic.height = int(pic.width * tallest / pic.height), tallest
    holder = doc.paragraphs[-1]
    holder.alignment = 1  # centred
    holder.paragraph_format.keep_with_next = True  # never a caption alone on a new page
    cap = doc.add_paragraph(style="Caption")
    cap.add_run(f"Figure {number}. ").bold = True
    _para(cap, fig.caption)


def _para(paragraph, p: Para) -> None:
    """Runs of a paragraph; citation markers as superscript runs."""
    for run in p:
        if run.text:
            paragraph.add_run(_clean(no_break(run.text)))
        if run.cites:
            mark = paragraph.add_run(f"{' ' if run.text else ''}"
                                     f"[{', '.join(map(str, run.cites))}]")
            mark.font.superscript = True


def _table(doc, t: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc.add_heading(_clean(t.title), level=2)
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.autofit = False
    numeric = t.numeric_columns()
    widths = column_widths(t, numeric)
    head = table.rows[0]
    _repeat_header(head)
    for i, (cell, name) in enumerate(zip(head.cells, t.columns, strict=True)):
        run = cell.paragraphs[0].add_run(_clean(name))
        run.bold = True
        run.font.size = Pt(TABLE_PT)
        run.font.color.rgb = RGBColor(*ACCENT)
        _shade(cell, "EEF2F7")
        if i in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in t.rows:
        added = table.add_row()
        _row_flag(added, "w:cantSplit")  # a row is read whole: never split across pages
        cells = added.cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=False)):
            _para(cell.paragraphs[0], value)
            for r in cell.paragraphs[0].runs:
                r.font.size = Pt(TABLE_PT)
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _no_wrap(cell)
    if not t.rows:
        table.add_row().cells[0].text = "None recorded."
    for column, w in zip(table.columns, widths, strict=True):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Cm(w)
    if t.note:
        note = doc.add_paragraph()
        run = note.add_run(_clean(t.note))
        run.italic = True
        run.font.size = Pt(TABLE_PT)


def column_widths(t: Table, numeric: frozenset[int] = frozenset()) -> list[float]:
    """Column widths in cm from content, filling the page's text width: number columns and
    short columns as wide as their longest cell (so they never wrap); the long text columns
    share the rest by their mean cell length, none narrower than its longest word."""
    longest, mean, floor = [], [], []
    for i, name in enumerate(t.columns):
        texts = [plain_text(row[i]) for row in t.rows if i < len(row)]
        cells = [len(text) for text in texts]
        word = min(max((len(w) for text in [name, *texts] for w in text.split()),
                       default=MIN_CHARS), MAX_WORD)
        chars = max([word, MIN_CHARS, *cells])
        longest.append(chars if i in numeric else min(chars, MAX_CHARS))
        mean.append(max(sum(cells) / len(cells) if cells else 0, word))
        floor.append(max(word, MIN_CHARS) * CM_PER_CHAR + 0.3)
    want = [c * CM_PER_CHAR + 0.3 for c in longest]
    room = TEXT_WIDTH_CM - sum(w for i, w in enumerate(want) if i in numeric)
    free = sorted((i for i in range(len(want)) if i not in numeric), key=lambda i: want[i])
    if not free or room <= 0:
        return [w * TEXT_WIDTH_CM / sum(want) for w in want]
    widths = list(want)
    while free and want[free[0]] <= room / len(free):  # short columns keep their width
        room -= want[free.pop(0)]
    if free:  # the long ones share the rest by their mean length, none under its header word
        total = sum(mean[i] for i in free)
        for i in free:
            widths[i] = max(floor[i], room * mean[i] / total)
        over = sum(widths[i] for i in free) - room
        slack = sum(widths[i] - floor[i] for i in free)
        if over > 0 and slack > 0:  # take the excess from what lies above the floors
            for i in free:
                widths[i] -= min(1.0, over / slack) * (widths[i] - floor[i])
        if sum(widths[i] for i in free) > room:  # floors alone too wide: scale them down
            scale = room / sum(widths[i] for i in free)
            for i in free:
                widths[i] *= scale
    else:  # everything fits: room left over goes to the widest columns, in proportion
        text = [i for i in range(len(want)) if i not in numeric]
        spare = sum(want[i] for i in text)
        for i in text:
            widths[i] += room * want[i] / spare
    return widths


def _no_wrap(cell) -> None:
    from docx.oxml import OxmlElement

    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _repeat_header(row) -> None:
    _row_flag(row, "w:tblHeader")


def _row_flag(row, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _hyperlink(paragraph, url: str) -> None:
    """A real external hyperlink (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0B4F8A")
    props.append(colour)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = _clean(url)
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _header_footer(section, brief: Brief) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    head = section.header.paragraphs[0]
    run = head.add_run(_clean(no_break(f"{brief.title} — as of {brief.as_of}")))
    run.font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot.add_run("mineralgraph policy brief · Page ").font.size = Pt(8)
    _field(foot, "PAGE")
    foot.add_run(" of ").font.size = Pt(8)
    _field(foot, "NUMPAGES")


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every member stamped 1980-01-01, so bytes depend on content."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
