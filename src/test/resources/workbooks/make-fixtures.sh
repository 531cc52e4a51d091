#!/usr/bin/env bash
# Re-creates the workbook fixtures of WorkbookFidelityTest from decision-tables/ (README.md says what each is).
# Needs LibreOffice (soffice; fixtures made with 7.4), Java 17, Maven (for POI's classpath) and python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
TABLES="$ROOT/decision-tables"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TABLE_NAMES="approval-authority major-incident rectification-triggers remedy-matrix response-time validity-period"

# A LibreOffice profile of our own, with the Basic module Fixtures.xba in its Standard library.
PROFILE="file://$WORK/profile"
soffice -env:UserInstallation="$PROFILE" --headless --terminate_after_init >/dev/null 2>&1
STANDARD="$WORK/profile/user/basic/Standard"
cp "$HERE/Fixtures.xba" "$STANDARD/Fixtures.xba"
sed -i 's#</library:library>#<library:element library:name="Fixtures"/></library:library>#' "$STANDARD/script.xlb"

convert() { # format, output folder, file: what "Save as" in LibreOffice writes
    mkdir -p "$2"
    soffice -env:UserInstallation="$PROFILE" --headless --convert-to "$1" --outdir "$2" "$3" >/dev/null 2>&1
    test -s "$2/$(basename "${3%.*}").$1" || { echo "soffice did not write $2/$(basename "${3%.*}").$1" >&2; exit 1; }
}
macro() { # sub, source, destination
    soffice -env:UserInstallation="$PROFILE" --headless "macro:///Standard.Fixtures.$1(\"$2\",\"$3\")" >/dev/null 2>&1
    test -s "$3" || { echo "the macro $1 did not write $3" >&2; exit 1; }
}

mvn -q -B -f "$ROOT/pom.xml" dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
poi() { java -cp "$(cat "$WORK/cp.txt")" "$HERE/PoiEdit.java" "$@" 2>/dev/null; }

rm -rf "$HERE/libreoffice" "$HERE/libreoffice-xls" "$HERE/libreoffice-edited" "$HERE/libreoffice-ods" "$HERE/openpyxl" "$HERE/poi"

for t in $TABLE_NAMES; do
    convert xlsx "$HERE/libreoffice" "$TABLES/$t.xlsx"
    convert xls "$HERE/libreoffice-xls" "$TABLES/$t.xlsx"
    mkdir -p "$HERE/poi" && poi resave "$TABLES/$t.xlsx" "$HERE/poi/$t.xlsx"
done

convert ods "$HERE/libreoffice-ods" "$TABLES/major-incident.xlsx"

# Number formats set by POI on the value cells, then the file saved by LibreOffice.
mkdir -p "$WORK/edited"
poi format "$TABLES/major-incident.xlsx" "$WORK/edited/major-incident-thousands.xlsx" C10 '#,##0'
poi format "$TABLES/major-incident.xlsx" "$WORK/edited/major-incident-yuan.xlsx" C10 '¥#,##0'
poi format "$TABLES/validity-period.xlsx" "$WORK/edited/validity-period-months-decimal.xlsx" C10:C14 '0.0'
for f in "$WORK"/edited/*.xlsx; do convert xlsx "$HERE/libreoffice-edited" "$f"; done

# Edits made in LibreOffice itself (Fixtures.xba), saved as xlsx.
macro InsertRow "$TABLES/validity-period.xlsx" "$HERE/libreoffice-edited/validity-period-row-inserted.xlsx"
macro InsertColumn "$TABLES/validity-period.xlsx" "$HERE/libreoffice-edited/validity-period-column-inserted.xlsx"
macro AddNotes "$TABLES/approval-authority.xlsx" "$HERE/libreoffice-edited/approval-authority-notes.xlsx"

mkdir -p "$HERE/openpyxl"
for t in remedy-matrix approval-authority; do
    python3 "$HERE/openpyxl_style.py" "$TABLES/$t.xlsx" "$HERE/openpyxl/$t.xlsx"
done

find "$HERE" -name '*.xls*' -o -name '*.ods' | sort | sed "s#^$HERE/##"
