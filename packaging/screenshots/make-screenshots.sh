#!/usr/bin/env bash
# Refreshes README's screenshots from freshly generated sample data.
# Usage: packaging/screenshots/make-screenshots.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cmake --build "$build" --target accord-screenshots
export QT_QPA_PLATFORM=offscreen
export QT_QPA_FONTDIR=/usr/share/fonts
export HOME=$(mktemp -d) # no personal settings (window sizes, recent files) leak in
trap 'rm -rf "$HOME"' EXIT
"$build/tests/accord-screenshots" packaging/screenshots
# Compare once more on a dark palette: its tints come from the palette and stay readable.
dark=$(mktemp -d)
"$build/tests/accord-screenshots" "$dark" --dark
cp "$dark/compare.png" packaging/screenshots/compare-dark.png
rm -rf "$dark"
# The verification sheet is a real PDF; its first page, as the README shows it.
pdftoppm -png -r 80 -singlefile packaging/screenshots/verification-sheet.pdf \
    packaging/screenshots/verification-sheet
rm packaging/screenshots/verification-sheet.pdf
