#!/usr/bin/env bash
# Build Waymark's front-end assets. Run from the repository root
# (`make assets` calls `bash assets/build.sh`).
#
#   - installs the pinned npm packages from package-lock.json (npm ci)
#   - compiles assets/scss/waymark.scss -> static/css/waymark.css (npm run build)
#   - copies GOV.UK Frontend's JS and assets into static/govuk/
#
# Waymark is not on service.gov.uk, so the GDS Transport fonts and every
# crown / royal arms image (the GOV.UK favicons, app icons, crest and
# Open Graph image are all the crown) are NOT copied, nor is manifest.json,
# which only lists those crown icons.
# The output is committed; running this twice gives identical files.
set -euo pipefail

if [[ ! -f package.json || ! -f assets/scss/waymark.scss ]]; then
  echo "assets/build.sh: run from the repository root" >&2
  exit 1
fi

GOVUK_DIST=node_modules/govuk-frontend/dist/govuk

# No dependency needs an install script (sass is pure JS; @parcel/watcher is
# only used by `sass --watch` and ships prebuilt binaries).
npm ci --ignore-scripts --no-audit --no-fund

# Compiled CSS (compressed, no source map).
mkdir -p static/css
rm -f static/css/waymark.css
npm run --silent build

# GOV.UK Frontend JS (ES module). Its trailing sourceMappingURL comment is
# removed: the .map is not shipped, and Django's ManifestStaticFilesStorage
# (whitenoise) fails collectstatic on a reference to a missing file.
rm -rf static/govuk
mkdir -p static/govuk
sed -e 's|//# sourceMappingURL=[^[:space:]]*$||' \
  "$GOVUK_DIST/govuk-frontend.min.js" > static/govuk/govuk-frontend.min.js

# GOV.UK's accessible autocomplete (the country lists): its script, which
# enhances a <select> that still works without JavaScript. Its CSS is compiled
# into waymark.css.
rm -rf static/accessible-autocomplete
mkdir -p static/accessible-autocomplete
sed -e 's|//# sourceMappingURL=[^[:space:]]*$||' \
  node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js \
  > static/accessible-autocomplete/accessible-autocomplete.min.js

# GOV.UK Frontend assets, minus fonts, crown/royal-arms images and the
# manifest that only references them.
mkdir -p static/govuk/assets
(
  cd "$GOVUK_DIST/assets"
  find . -type f \
    ! -path './fonts/*' \
    ! -path '*/fonts/*' \
    ! -name 'favicon.*' \
    ! -name 'govuk-icon-*' \
    ! -name 'govuk-crest*' \
    ! -name 'govuk-opengraph-image*' \
    ! -name '*crown*' \
    ! -name '*royal-arms*' \
    ! -name 'manifest.json' \
    -print0 | LC_ALL=C sort -z
) | while IFS= read -r -d '' f; do
  mkdir -p "static/govuk/assets/$(dirname "$f")"
  cp "$GOVUK_DIST/assets/$f" "static/govuk/assets/$f"
done

# Sanity checks.
if grep -q "GDS Transport" static/css/waymark.css; then
  echo "assets/build.sh: GDS Transport found in static/css/waymark.css" >&2
  exit 1
fi
# Every /static/govuk/assets/ URL in the CSS must point at a copied file.
missing=0
while IFS= read -r url; do
  if [[ ! -f "static/govuk/assets/${url#/static/govuk/assets/}" ]]; then
    echo "assets/build.sh: CSS references missing asset $url" >&2
    missing=1
  fi
done < <(grep -o '/static/govuk/assets/[^")'"'"'?#]*' static/css/waymark.css | sort -u || true)
if [[ $missing -ne 0 ]]; then
  exit 1
fi

echo "assets/build.sh: built static/css/waymark.css, static/govuk/"
