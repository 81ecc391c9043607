#!/usr/bin/env bash
# Starts the release binary under Xvfb, takes a screenshot, and checks that the window shows the demo
# article: the picture must not be blank, and must contain the highlight colours of the default labels.
# Usage: scripts/smoke-test.sh [screenshot.png]   (default: target/smoke/screenshot.png)
set -euo pipefail
cd "$(dirname "$0")/.."
shot=${1:-target/smoke/screenshot.png}
mkdir -p "$(dirname "$shot")" target/smoke
bin=target/release/marginalia
[ -x "$bin" ] || cargo build --release --quiet

display=:${SMOKE_DISPLAY:-97}
Xvfb "$display" -screen 0 1280x820x24 >/dev/null 2>&1 &
xvfb=$!
# The app must not start before the X server accepts connections.
for _ in $(seq 1 100); do
  [ -S "/tmp/.X11-unix/X${display#:}" ] && break
  sleep 0.1
done
export DISPLAY=$display XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
# A fresh data folder: no recent files or recovery copies from earlier runs.
export XDG_DATA_HOME=$(mktemp -d)
"$bin" >target/smoke/app.log 2>&1 &
app=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT

# Wait for the window, then for the first frames to be drawn.
for _ in $(seq 1 60); do
  xdotool search --name "Marginalia" >/dev/null 2>&1 && break
  sleep 0.5
done
window=$(xdotool search --name "Marginalia" | head -1) || { echo "smoke: no window appeared"; cat target/smoke/app.log; exit 1; }
xdotool windowsize "$window" 1280 820
sleep 3
kill -0 $app || { echo "smoke: the app exited"; cat target/smoke/app.log; exit 1; }
import -window root "$shot"

title=$(xdotool getwindowname "$window")
case "$title" in
  *"Niger"*"Marginalia"*) ;;
  *) echo "smoke: unexpected window title: $title"; exit 1 ;;
esac
# The claim colour (#E69F00) blended over the dark background, and text pixels: count distinct colours
# and look for orange-ish highlight pixels.
colours=$(convert "$shot" -format %k info:)
orange=$(convert "$shot" -fx '(r>0.35 && g>0.2 && g<0.6*r+0.1 && b<0.25) ? 1 : 0' -format '%[fx:mean*w*h]' info:)
echo "smoke: title '$title', $colours colours, $orange orange pixels, screenshot $shot"
[ "$colours" -gt 50 ] || { echo "smoke: the window looks blank"; exit 1; }
[ "${orange%.*}" -gt 500 ] || { echo "smoke: no claim highlights visible"; exit 1; }
echo "smoke: ok"
