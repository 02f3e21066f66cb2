#!/usr/bin/env bash
# deploy.open_page: runs deploy/open-page.sh with a fake chromium (and fake xset and systemd-inhibit)
# first on a PATH that holds nothing else the launcher could use, and checks the browser's flags and
# URL, the screen kept awake, the restart after a crash, the "restore pages?" marks cleared, a clean
# stop on SIGTERM, and the refusals of a wrong command line.
# Usage: open_page_test.sh PATH/TO/open-page.sh
set -euo pipefail
launcher=$1

fail() {
  echo "deploy.open_page FAILED: $*" >&2
  exit 1
}
tmp=$(mktemp -d)
launched=
cleanup() {
  [ -z "$launched" ] || kill -KILL "$launched" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# bin/: the tools the launcher itself uses, and the fakes. Each fake records its arguments, one a
# line, in $calls/NAME-N.
bin=$tmp/bin calls=$tmp/calls
mkdir -p "$bin" "$calls"
for tool in sed mkdir sleep true cat; do ln -s "$(type -P "$tool")" "$bin/$tool"; done
fake() { # NAME BODY: a fake command that records its call, then runs BODY
  cat >"$bin/$1" <<EOF
#!$BASH
n=0
while [ -e "$calls/$1-\$n" ]; do n=\$((n + 1)); done
printf '%s\n' "\$@" >"$calls/$1-\$n"
$2
EOF
  chmod +x "$bin/$1"
}
# The browser exits at once with $FAKE_STATUS, or runs until killed with FAKE_RUN=1 (its pid in
# $calls/browser.pid).
# shellcheck disable=SC2016 # the fakes' bodies expand when they run
fake chromium 'if [ -n "${FAKE_RUN:-}" ]; then echo $$ >"'"$calls"'/browser.pid"; exec sleep 60; fi; exit "${FAKE_STATUS:-1}"'
fake xset ''
# systemd-inhibit with a session: runs the command after its options.
# shellcheck disable=SC2016
fake systemd-inhibit 'while [[ $1 == --* ]]; do shift; done; exec "$@"'

run() { # runs the launcher with args with only bin/ on PATH; its output in $tmp/out, its status in $status
  status=0
  env -i PATH="$bin" HOME="$tmp/home" DISPLAY=:0 TENT_BROWSER_RESTART_DELAY=0 \
    "$BASH" "$launcher" "${args[@]}" >"$tmp/out" 2>&1 || status=$?
}
calls_of() { # how many times NAME ran
  local n=0
  while [ -e "$calls/$1-$n" ]; do n=$((n + 1)); done
  echo "$n"
}

# --help
args=(--help)
run
((status == 0)) || fail "--help exited $status"
grep -q '^Usage: open-page.sh' "$tmp/out" || fail "--help prints no usage"

# A wrong command line: exit 2, and no browser.
for wrong in "" "--profile" "--bogus http://x/" "ftp://x/display/" "http://a/ http://b/"; do
  read -r -a args <<<"$wrong"
  run
  ((status == 2)) || fail "'$wrong' exited $status, not 2"
  grep -q '^Usage:' "$tmp/out" || fail "'$wrong' is refused without the usage line"
done
(($(calls_of chromium) == 0)) || fail "a refused command line started the browser"

# A browser that dies at once is started again, five times, then the launcher gives up.
url='http://192.168.1.10:8080/display/?langs=en,de'
args=("$url")
run
((status == 1)) || fail "a browser that keeps dying: exit $status, not 1"
(($(calls_of chromium) == 5)) || fail "the browser was started $(calls_of chromium) times, not 5"
grep -q 'giving up' "$tmp/out" || fail "no message when giving up"
profile=$tmp/home/.local/state/massage-tent/chromium-display
for flag in --kiosk "--user-data-dir=$profile" --no-first-run --no-default-browser-check --noerrdialogs \
  --hide-crash-restore-bubble --disable-features=Translate --disable-pinch --overscroll-history-navigation=0 \
  --autoplay-policy=no-user-gesture-required --password-store=basic; do
  grep -qxF -- "$flag" "$calls/chromium-0" || fail "the browser was not given $flag"
done
[ "$(tail -n 1 "$calls/chromium-4")" = "$url" ] || fail "the URL is not the browser's last argument"
[ -d "$profile" ] || fail "the profile folder was not made"
# The screen: xset s off -dpms under X, and one systemd-inhibit lock held by the whole run.
grep -qxF -- "-dpms" "$calls/xset-0" || fail "xset was not told -dpms"
grep -qxF -- "--what=idle:sleep" "$calls/systemd-inhibit-1" || fail "no idle lock around the run"

# Without xset and systemd-inhibit the launcher says so, once each, and goes on.
rm -f "$bin/xset" "$bin/systemd-inhibit" "$calls"/*
run
(($(calls_of chromium) == 5)) || fail "without xset and systemd-inhibit the browser did not run"
(($(grep -c 'systemd-inhibit is missing' "$tmp/out") == 1)) || fail "no single note on systemd-inhibit"
(($(grep -c 'no xset' "$tmp/out") == 1)) || fail "no single note on xset"

# A crashed browser's marks are cleared before it starts, so it asks nothing.
mkdir -p "$tmp/crashed/Default"
echo '{"profile":{"exit_type":"Crashed","exited_cleanly":false}}' >"$tmp/crashed/Default/Preferences"
args=(--profile "$tmp/crashed" "$url")
rm -f "$calls"/*
run
grep -qF '"exit_type":"Normal","exited_cleanly":true' "$tmp/crashed/Default/Preferences" ||
  fail "the crash marks were not cleared: $(cat "$tmp/crashed/Default/Preferences")"
grep -qxF -- "--user-data-dir=$tmp/crashed" "$calls/chromium-0" || fail "--profile was not used"

# Each page gets a profile of its own, named after its path.
args=("http://10.0.0.1:8080/t/finish-a/kiosk/?key=k")
rm -f "$calls"/*
run
grep -qxF -- "--user-data-dir=$tmp/home/.local/state/massage-tent/chromium-t-finish-a-kiosk" "$calls/chromium-0" ||
  fail "a page's profile is not named after its path: $(grep user-data-dir "$calls/chromium-0")"

# SIGTERM stops the launcher and its browser, with status 0, without a restart.
rm -f "$calls"/*
env -i PATH="$bin" HOME="$tmp/home" FAKE_RUN=1 "$BASH" "$launcher" "$url" >"$tmp/out" 2>&1 &
launched=$!
for _ in $(seq 100); do
  [ -s "$calls/browser.pid" ] && break
  sleep 0.1
done
browser=$(cat "$calls/browser.pid" 2>/dev/null) || fail "the browser did not start"
kill -TERM "$launched"
status=0
wait "$launched" || status=$?
launched=
((status == 0)) || fail "SIGTERM: exit $status, not 0"
! kill -0 "$browser" 2>/dev/null || fail "the browser still runs after the launcher stopped"
(($(calls_of chromium) == 1)) || fail "the browser was restarted while stopping"

if command -v shellcheck >/dev/null; then shellcheck "$launcher" || fail "shellcheck: $launcher"; fi
echo "deploy.open_page: passes"
