#!/usr/bin/env bash
# The library's search page under load, beside a bare Flask route on the same gunicorn settings.
#
#   bench/web_load.sh [--docs 100000] [--duration 15] [--connections 16] [--workers 2]
#
# Builds --docs synthetic published documents into a SQLite library (bench/search_latency.py's
# builder), serves the real app (wsgi:app) and bench/bare_app.py (a route that answers a page of
# the same size with nothing behind it) with gunicorn, and runs wrk against each: the search page
# for a common word, a rare word and a number, then the bare route. Prints requests per second and
# the ratio to the bare route (goal >= 0.5). Each web process keeps the pages it rendered until the
# library changes (app.search_pages_kept), so wrk's repeated query is answered from the kept page
# after its first request; the last rows run the same queries on a second server that keeps
# nothing (CONGBO_APP_SEARCH_PAGES_KEPT=0): what a query nobody asked before costs.
# Needs wrk (Debian) and gunicorn (pip install gunicorn).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=100000 DURATION=15 CONNECTIONS=16 WORKERS=2
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) DOCS=$2; shift 2 ;; --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;; --workers) WORKERS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
[ -x .venv/bin/gunicorn ] || { echo "gunicorn is required (.venv/bin/pip install gunicorn)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/congbo-web-load.XXXXXX)
cleanup() { kill "${APP_PID:-}" "${BARE_PID:-}" "${COLD_PID:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
echo "building $DOCS documents in $WORK ..."
$PY bench/search_latency.py --docs "$DOCS" --rounds 1 --skip-postgres --workdir "$WORK" >"$WORK/build.log"
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port); BARE_PORT=$(free_port)
GUNICORN=(.venv/bin/gunicorn --workers "$WORKERS" --threads 1 --worker-class sync --log-level warning --access-logfile /dev/null)
CONGBO_APP_DATABASE_URL="sqlite:///$WORK/library.sqlite3" CONGBO_APP_DATA_DIR="$WORK/data" \
  "${GUNICORN[@]}" --bind "127.0.0.1:$APP_PORT" wsgi:app & APP_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$APP_PORT/van-ban" -o "$WORK/page.html" && break; sleep 0.2; done
BARE_PAGE_BYTES=$(curl -fs "http://127.0.0.1:$APP_PORT/van-ban?q=xay+dung" | wc -c) \
  "${GUNICORN[@]}" --bind "127.0.0.1:$BARE_PORT" bench.bare_app:app & BARE_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$BARE_PORT/van-ban" -o /dev/null && break; sleep 0.2; done
COLD_PORT=$(free_port)
CONGBO_APP_DATABASE_URL="sqlite:///$WORK/library.sqlite3" CONGBO_APP_DATA_DIR="$WORK/data" CONGBO_APP_SEARCH_PAGES_KEPT=0 \
  "${GUNICORN[@]}" --bind "127.0.0.1:$COLD_PORT" wsgi:app & COLD_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$COLD_PORT/van-ban" -o /dev/null && break; sleep 0.2; done
rps() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "gunicorn: $WORKERS sync workers; wrk: 2 threads, $CONNECTIONS connections, ${DURATION}s each; $(nproc) cores"
BARE=$(rps "http://127.0.0.1:$BARE_PORT/van-ban")
printf '%-40s %10s %8s\n' "route" "req/s" "ratio"
printf '%-40s %10.1f %8s\n' "bare Flask route (same page size)" "$BARE" "1.00"
QUERIES=("xay+dung" "quyet+dinh+166" "%22giay+phep+xay+dung%22" "tham+dinh&loai=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh")
for q in "${QUERIES[@]}"; do
  R=$(rps "http://127.0.0.1:$APP_PORT/van-ban?q=$q")
  printf '%-40s %10.1f %8.2f\n' "/van-ban?q=$q" "$R" "$($PY -c "print($R / $BARE)")"
done
echo "nothing kept (every request searches and renders):"
for q in "${QUERIES[@]}"; do
  R=$(rps "http://127.0.0.1:$COLD_PORT/van-ban?q=$q")
  printf '%-40s %10.1f %8.2f\n' "  /van-ban?q=$q" "$R" "$($PY -c "print($R / $BARE)")"
done
