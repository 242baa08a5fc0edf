#!/usr/bin/env bash
# Fetch the dashboard's front-end pieces from the npm registry at pinned versions and
# copy their built files and licences into sync_server/dashboard/static/vendor/.
# Nothing is loaded from a CDN at run time; re-run this only to change a version.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dest="$top/sync_server/dashboard/static/vendor"
HTMX=2.0.8
CHARTJS=4.5.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "htmx.org@$HTMX" "chart.js@$CHARTJS" >/dev/null
mkdir htmx chartjs
tar -xzf "htmx.org-$HTMX.tgz" -C htmx
tar -xzf "chart.js-$CHARTJS.tgz" -C chartjs
mkdir -p "$dest"
cp htmx/package/dist/htmx.min.js "$dest/htmx.min.js"
cp htmx/package/LICENSE "$dest/htmx.LICENSE.md"
cp chartjs/package/dist/chart.umd.min.js "$dest/chart.umd.min.js" 2>/dev/null \
  || cp chartjs/package/dist/chart.umd.js "$dest/chart.umd.min.js"
cp chartjs/package/LICENSE.md "$dest/chart.js.LICENSE.md"
cat > "$dest/VERSIONS.md" <<TXT
htmx.org $HTMX (BSD Zero-Clause) — dist/htmx.min.js
chart.js $CHARTJS (MIT) — dist/chart.umd(.min).js
fetched by tools/dashboard/vendor.sh from the npm registry
TXT
echo "vendored htmx.org $HTMX and chart.js $CHARTJS into $dest"
