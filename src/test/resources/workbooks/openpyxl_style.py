"""Writes an xlsx the way openpyxl does, from another xlsx's cell values (python3 stdlib only, for make-fixtures.sh).

Usage: python3 openpyxl_style.py in.xlsx out.xlsx
Strings inline (t="inlineStr"), booleans t="b", numbers plain; no sharedStrings.xml, one default style, openpyxl's parts.
"""
import re
import sys
import zipfile
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
MAIN = NS["m"]


def read(path):
    """[(sheet name, {(row, col): value})] with value a str, bool, int or float; formulas by their saved result."""
    with zipfile.ZipFile(path) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % MAIN)))
        sheets = []
        for s in workbook.find("m:sheets", NS).findall("m:sheet", NS):
            target = targets[s.get("{%s}id" % NS["r"])].lstrip("/")
            xml = ET.fromstring(z.read(target if target.startswith("xl/") else "xl/" + target))
            cells = {}
            for c in xml.iter("{%s}c" % MAIN):
                m = re.match(r"([A-Z]+)(\d+)", c.get("r"))
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                key = (int(m.group(2)), col)
                t = c.get("t", "n")
                v = c.find("m:v", NS)
                if t == "inlineStr":
                    cells[key] = "".join(x.text or "" for x in c.iter("{%s}t" % MAIN))
                elif v is None:
                    continue
                elif t == "s":
                    cells[key] = shared[int(v.text)]
                elif t == "b":
                    cells[key] = v.text == "1"
                elif t in ("str", "e"):
                    cells[key] = v.text
                else:
                    f = float(v.text)
                    cells[key] = int(f) if f.is_integer() else f
            sheets.append((s.get("name"), cells))
        return sheets


def column(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, value):
    if isinstance(value, bool):
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, value)
    if isinstance(value, (int, float)):
        return '<c r="%s" t="n"><v>%s</v></c>' % (ref, repr(value))
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return '<c r="%s" t="inlineStr"><is><t%s>%s</t></is></c>' % (ref, space, escape(value))


def sheet_xml(cells):
    rows = sorted({r for r, _ in cells})
    last = max(c for _, c in cells)
    out = ['<worksheet xmlns="%s"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
           '<dimension ref="A1:%s%d"/><sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/>'
           '</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><sheetData>'
           % (MAIN, column(last), rows[-1])]
    for r in rows:
        out.append('<row r="%d">' % r)
        out.extend(cell(column(c) + str(r), cells[(r, c)]) for c in sorted(c for rr, c in cells if rr == r))
        out.append("</row>")
    out.append('</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return "".join(out)


STYLES = ('<styleSheet xmlns="%s"><numFmts count="0"/><fonts count="1"><font><name val="Calibri"/><family val="2"/>'
          '<color theme="1"/><sz val="11"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill/></fill>'
          '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
          '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
          'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
          'pivotButton="0" quotePrefix="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
          'xfId="0" builtinId="0"/></cellStyles><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
          'defaultPivotStyle="PivotStyleLight16"/></styleSheet>' % MAIN)


def write(path, sheets):
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    n = len(sheets)
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1) for i in range(n))
             + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
             '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
             '</Types>')
    root_rels = ('<Relationships xmlns="%s">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                 '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
                 '</Relationships>' % NS["p"])
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Microsoft Excel</Application><AppVersion>3.1</AppVersion></Properties>')
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>openpyxl</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>')
    workbook = ('<workbook xmlns="%s" xmlns:r="%s"><workbookPr/><workbookProtection/><bookViews><workbookView '
                'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" '
                'tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets>%s</sheets>'
                '<definedNames/><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
                % (MAIN, NS["r"], "".join('<sheet xmlns:r="%s" name="%s" sheetId="%d" state="visible" r:id="rId%d"/>'
                                           % (NS["r"], escape(name), i + 1, i + 1) for i, (name, _) in enumerate(sheets))))
    wb_rels = ('<Relationships xmlns="%s">' % NS["p"]
               + "".join('<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                         'Target="/xl/worksheets/sheet%d.xml" Id="rId%d"/>' % (i + 1, i + 1) for i in range(n))
               + '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
                 'Target="styles.xml" Id="rId%d"/></Relationships>' % (n + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name, text):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, decl + text)
        put("[Content_Types].xml", types)
        put("_rels/.rels", root_rels)
        put("docProps/app.xml", app)
        put("docProps/core.xml", core)
        put("xl/workbook.xml", workbook)
        put("xl/_rels/workbook.xml.rels", wb_rels)
        put("xl/styles.xml", STYLES)
        for i, (_, cells) in enumerate(sheets):
            put("xl/worksheets/sheet%d.xml" % (i + 1), sheet_xml(cells))


if __name__ == "__main__":
    write(sys.argv[2], read(sys.argv[1]))
