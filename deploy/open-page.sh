#!/usr/bin/env bash
# Opens one massage-tent page full screen in Chromium's kiosk mode, for a screen of the tent: the
# display on a TV, the kiosk on a touch screen. Keeps the screen awake while it runs and starts the
# browser again when it exits or crashes.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: open-page.sh [--profile DIR] URL

Opens URL (e.g. http://192.168.1.10:8080/display/) in Chromium's kiosk mode: full screen, no
address bar, no first-run dialogs, no "restore pages?" bar after a crash, no translate prompt, no
pinch zoom or swipe back on a touch screen, and sound allowed without a tap (the display's chime),
in a browser profile of its own. While it runs the screen does not blank or sleep (xset under X,
systemd-inhibit in a desktop session; what is missing is skipped with a note). When the browser
exits or crashes it is started again; five exits in a row within 10 s of their start (no screen,
a profile in use by another browser) stop the launcher.

  --profile DIR   the browser's profile folder (default: ~/.local/state/massage-tent/chromium-PAGE,
                  PAGE the URL's path, display for /display/: two pages on one computer get two)
  -h, --help      this text

Environment: TENT_BROWSER, the browser to run (default chromium, else chromium-browser);
TENT_BROWSER_RESTART_DELAY, seconds before a restart (default 2).

Exit status: 0 stopped (Ctrl-C, SIGTERM); 1 the browser kept exiting at once; 2 the command line
was wrong.
EOF
}

note() { echo "open-page: $*" >&2; }
refuse() {
  note "$*"
  echo "Usage: open-page.sh [--profile DIR] URL (--help for more)" >&2
  exit 2
}

url="" profile=""
while (($#)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --profile)
      (($# >= 2)) || refuse "--profile needs a folder"
      profile=$2
      shift 2
      ;;
    -*) refuse "unknown option $1" ;;
    *)
      [ -z "$url" ] || refuse "one URL only, not also $1"
      url=$1
      shift
      ;;
  esac
done
[ -n "$url" ] || refuse "which page? Give its URL, e.g. http://192.168.1.10:8080/display/"
[[ $url =~ ^https?://[^/]+ ]] || refuse "not an http:// or https:// URL: $url"

if [ -z "$profile" ]; then
  page=$(sed -E 's|^https?://[^/]+||; s|[?#].*||; s|/+|-|g; s|^-||; s|-$||; s|[^A-Za-z0-9_-]||g' <<<"$url")
  profile="${XDG_STATE_HOME:-$HOME/.local/state}/massage-tent/chromium-${page:-page}"
fi
mkdir -p "$profile"

browser=${TENT_BROWSER:-}
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null; then
      browser=$candidate
      break
    fi
  done
  [ -n "$browser" ] || {
    note "no chromium found: install it (apt install chromium) or set TENT_BROWSER"
    exit 1
  }
fi

# The screen stays on: systemd-inhibit holds an idle and sleep lock for as long as this script
# runs (it runs the script again under the lock), xset turns off X's screen saver and power saving.
if [ -z "${TENT_OPEN_PAGE_INHIBITED:-}" ]; then
  inhibit=(systemd-inhibit --what=idle:sleep --who=massage-tent --why="a massage-tent page is on this screen")
  if command -v systemd-inhibit >/dev/null && "${inhibit[@]}" true 2>/dev/null; then
    TENT_OPEN_PAGE_INHIBITED=1 exec "${inhibit[@]}" "$BASH" "$0" --profile "$profile" "$url"
  fi
  note "systemd-inhibit is missing or has no session here: the desktop may still blank the screen"
fi
if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null; then
  xset s off -dpms || note "xset could not turn off the screen saver"
  xset s noblank || true
else
  note "not under X or no xset (package x11-xserver-utils): the X screen saver is left as it is"
fi

flags=(
  --kiosk
  "--user-data-dir=$profile"
  --no-first-run
  --no-default-browser-check
  --noerrdialogs
  --hide-crash-restore-bubble
  --disable-features=Translate
  --disable-pinch
  --overscroll-history-navigation=0
  --autoplay-policy=no-user-gesture-required
  --password-store=basic
  --check-for-update-interval=31536000
)

# A browser that was killed marks its profile as crashed and offers to restore the pages: mark the
# last exit clean before each start.
mark_clean_exit() {
  local f
  for f in "$profile/Default/Preferences" "$profile/Local State"; do
    [ -f "$f" ] || continue
    sed -i -e 's/"exited_cleanly":false/"exited_cleanly":true/g' \
      -e 's/"exit_type":"[A-Za-z]*"/"exit_type":"Normal"/g' "$f"
  done
}

pid="" stopping=0
stop() {
  stopping=1
  [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
}
trap stop INT TERM

delay=${TENT_BROWSER_RESTART_DELAY:-2}
quick=0
while :; do
  mark_clean_exit
  started=$SECONDS
  "$browser" "${flags[@]}" "$url" &
  pid=$!
  status=0
  wait "$pid" || status=$?
  if ((stopping)); then
    wait "$pid" 2>/dev/null || true
    exit 0
  fi
  pid=""
  if ((SECONDS - started < 10)); then quick=$((quick + 1)); else quick=0; fi
  if ((quick >= 5)); then
    note "the browser exited $quick times in a row within 10 s of its start (last status $status): giving up"
    exit 1
  fi
  note "the browser exited (status $status): starting it again in ${delay} s"
  sleep "$delay"
  ((stopping == 0)) || exit 0
done
