#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser.py), installed once with apt
# when it is missing, with a Chinese font (fonts-noto-cjk) so the screenshots the tests
# take show the page's Chinese, not empty boxes. Playwright's own browser download is
# not used. Set GRAPH_API_CHROMIUM to use another Chromium instead.
set -euo pipefail
chromium="${GRAPH_API_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  if [ -z "$(fc-list :lang=zh-tw 2>/dev/null | head -1)" ] && [ "$(id -u)" -eq 0 ]; then
    # Only the screenshots need it: a failure here fails no test.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk \
      >/tmp/graph-api-fonts.log 2>&1 || echo "    (no Chinese font: see /tmp/graph-api-fonts.log)"
  fi
  exit 0
fi
if [ "${GRAPH_API_SKIP_BROWSER_TESTS:-}" = "1" ]; then
  echo "    GRAPH_API_SKIP_BROWSER_TESTS=1: the browser tests will be skipped"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "Chromium is missing and this user cannot install it. Run as root:" >&2
    echo "    apt-get install chromium" >&2
    echo "or set GRAPH_API_CHROMIUM to a Chromium, or GRAPH_API_SKIP_BROWSER_TESTS=1." >&2
    exit 1
  fi
fi
echo "    installing Debian's chromium (about a minute, once)"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q chromium fonts-noto-cjk >/tmp/graph-api-chromium.log 2>&1; then
  # A fresh machine may not have the package lists yet.
  $sudo apt-get update -q >>/tmp/graph-api-chromium.log 2>&1
  $sudo apt-get install -y -q chromium fonts-noto-cjk >>/tmp/graph-api-chromium.log 2>&1 || {
    echo "apt-get install chromium failed; see /tmp/graph-api-chromium.log" >&2
    exit 1
  }
fi
