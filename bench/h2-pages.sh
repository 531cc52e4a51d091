#!/usr/bin/env bash
# What an H2 file's commits wrote, by table and index (issue 17): every page of every chunk from FIRST_CHUNK on, as
# MVStoreTool dumps them, summed per MVStore map and named by the database's own tables and indexes. Map 0 is the
# store's layout (an entry per chunk, written again whenever a page of that chunk is replaced).
#
#   cp data/aftersales.mv.db /tmp/copy.mv.db      # while the service is idle (or after kill -9), never the live file
#   bench/h2-pages.sh /tmp/copy.mv.db [FIRST_CHUNK]   # FIRST_CHUNK (decimal, default 0): leave out the warm-up's chunks
#
# Prints: map, leaf/node, pages, bytes, average entries a page, name — largest first.
set -euo pipefail
FILE=$1; FIRST=${2:-0}
H2=${H2_JAR:-$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | tail -1)}
NAMES=$(mktemp); trap 'rm -f "$NAMES" "${FILE%.mv.db}-names.mv.db"' EXIT
cp "$FILE" "${FILE%.mv.db}-names.mv.db"   # the names from a copy: opening a database writes to it
java -cp "$H2" "$(dirname "$0")/H2Maps.java" "${FILE%.mv.db}-names" > "$NAMES"
java -cp "$H2" org.h2.mvstore.MVStoreTool -dump "$FILE" 2>/dev/null | awk -v first="$FIRST" '
  /chunkHeader chunk:/ { match($0, /chunk:[0-9a-f]+/); c = strtonum("0x" substr($0, RSTART + 6, RLENGTH - 6)); next }
  c >= first && /^\+[0-9a-f]+ (leaf|node), map/ { split($0, a, /[ ,]+/); k = a[4] " " a[2]; n[k]++; b[k] += a[7]; e[k] += a[5]; t += a[7] }
  END { for (k in n) printf "%s\t%d\t%d\t%.1f\n", k, n[k], b[k], e[k] / n[k]; printf "total\t-\t%d\t-\n", t > "/dev/stderr" }' \
  | sort -t$'\t' -k3 -n -r | awk -F'\t' 'NR == FNR { name[$1] = $2; next } { split($1, m, " "); printf "%-4s %-4s %8d pages %12d bytes %5.1f/page  %s\n", m[1], m[2], $2, $3, $4, (m[1] == "0" ? "(layout)" : name[m[1]]) }' "$NAMES" -
