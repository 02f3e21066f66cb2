#!/usr/bin/env bash
# deploy.package: builds the Debian package and checks it without installing it here.
#   1. lintian finds no error and no warning (none is overridden);
#   2. the package holds the binary, the pages and their libraries, the unit, the conffile, the
#      maintainer scripts, and depends on the libraries the binary links;
#   3. the unit runs the server as its own user, restarts it on failure and sandboxes it
#      (systemd-analyze verify and security, against the unpacked package);
#   4. the unpacked binary, started with the unit's ExecStart and the packaged configuration (its
#      paths mapped into a temporary folder, a free port), answers /healthz, serves the pages and
#      libraries from the packaged web root, and stops cleanly on SIGTERM as `systemctl stop` does.
# Usage: package_test.sh BUILD_DIR VERSION SOURCE_DIR
set -euo pipefail
build=$1 version=$2 source=$3

fail() {
  echo "deploy.package FAILED: $*" >&2
  exit 1
}
for tool in lintian systemd-analyze dpkg-deb dpkg-shlibdeps curl; do
  if ! command -v "$tool" >/dev/null; then
    [ -z "${TENT_REQUIRE_PACKAGE_TOOLS:-}" ] || fail "$tool is missing (deploy/test.sh installs it)"
    echo "SKIPPED: $tool is not installed (lintian, systemd, dpkg-dev, curl); TENT_REQUIRE_PACKAGE_TOOLS=1 fails instead"
    exit 77
  fi
done

tmp=$(mktemp -d)
server=
cleanup() {
  [ -z "$server" ] || kill -KILL "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== building the package"
cmake --build "$build" --target package >"$tmp/package.log" 2>&1 || {
  cat "$tmp/package.log" >&2
  fail "the package target failed"
}
deb="$build/massage-tent_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "no $deb after building the package"

echo "== lintian $(lintian --version)"
lintian --fail-on error,warning --info "$deb" || fail "lintian found problems in $deb"

echo "== contents"
root=$tmp/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$tmp/control"
web=$root/usr/share/massage-tent/web
for f in usr/bin/massage-tent lib/systemd/system/massage-tent.service etc/massage-tent/massage-tent.conf \
  usr/share/doc/massage-tent/copyright usr/share/man/man1/massage-tent.1.gz \
  usr/share/massage-tent/web/vendor/chart.umd.min.js usr/share/massage-tent/web/vendor/uqr.mjs; do
  [ -f "$root/$f" ] || fail "the package has no /$f"
done
for page in kiosk display console organiser status; do
  [ -f "$web/$page/index.html" ] || fail "the package has no $page page"
done
# Every folder the server serves (TentServer::web_folders) is packaged: cmake/package.cmake lists them too.
folders=$(sed -n '/TentServer::web_folders() {/,/^}/p' "$source/server/app/tent_server.cpp" | grep -o '"[a-z0-9_-]*"' | tr -d '"')
[ -n "$folders" ] || fail "cannot read the served folders from TentServer::web_folders()"
for folder in $folders; do
  [ -d "$web/$folder" ] || fail "the package lacks the served folder $folder/ (add it in cmake/package.cmake)"
done
[ -x "$root/usr/bin/massage-tent" ] || fail "/usr/bin/massage-tent is not executable"
# The man page names every command the program's --help lists.
commands=$("$root/usr/bin/massage-tent" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' | grep -vx help)
[ -n "$commands" ] || fail "cannot read the commands from massage-tent --help"
for command in $commands; do
  zcat "$root/usr/share/man/man1/massage-tent.1.gz" | grep -qx ".B $command" || fail "the man page lacks the command $command"
done
grep -qx /etc/massage-tent/massage-tent.conf "$tmp/control/conffiles" || fail "the configuration is not a conffile"
grep -q 'adduser --system --group --home /var/lib/massage-tent' "$tmp/control/postinst" ||
  fail "postinst does not create the system user"
grep -q "deb-systemd-helper enable 'massage-tent.service'" "$tmp/control/postinst" || fail "postinst does not enable the service"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libsqlite3-0 libsodium23 libssl3 adduser; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
if command -v shellcheck >/dev/null; then
  shellcheck "$tmp/control/postinst" "$tmp/control/prerm" "$tmp/control/postrm" || fail "shellcheck: maintainer scripts"
fi

echo "== the systemd unit"
unit=$root/lib/systemd/system/massage-tent.service
for line in Type=simple 'ExecStart=/usr/bin/massage-tent serve --config /etc/massage-tent/massage-tent.conf' \
  User=massage-tent Restart=on-failure RestartSec=2 StateDirectory=massage-tent WorkingDirectory=/var/lib/massage-tent \
  ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes NoNewPrivileges=yes CapabilityBoundingSet= \
  MemoryDenyWriteExecute=yes SystemCallArchitectures=native WantedBy=multi-user.target; do
  grep -qxF "$line" "$unit" || fail "the unit lacks the line $line"
done
read -r -a docs <<<"$(sed -n 's/^Documentation=//p' "$unit")"
for doc in "${docs[@]}"; do
  [[ $doc != file://* ]] || [ -f "$root${doc#file://}" ] || fail "the unit's Documentation $doc is not in the package"
done
nofile=$(sed -n 's/^LimitNOFILE=//p' "$unit")
max_connections=$(sed -n 's/^max-connections = //p' "$root/etc/massage-tent/massage-tent.conf")
((nofile > max_connections)) || fail "LimitNOFILE=$nofile leaves no room for max-connections = $max_connections"
grep -qx 'db = /var/lib/massage-tent/tent.db' "$root/etc/massage-tent/massage-tent.conf" ||
  fail "the configuration does not keep the database in /var/lib/massage-tent"
# systemd-analyze reads the units below --root: the unpacked package's, and this machine's targets
# (multi-user.target, ...) beside them. MANPATH lets it find the unit's man: documentation.
cp -rn /lib/systemd/system/. "$root/lib/systemd/system/"
MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" massage-tent.service ||
  fail "systemd-analyze verify refused the unit"
# Exposure 0 (locked down) to 10 (unprotected); the unit is at 1.7.
systemd-analyze security --offline=true --root="$root" --threshold=20 massage-tent.service >"$tmp/security.txt" 2>&1 || {
  cat "$tmp/security.txt" >&2
  fail "the unit's sandbox is weaker than exposure 2.0"
}
tail -n 1 "$tmp/security.txt"

echo "== the unpacked server, started as the unit starts it"
# Pages that are served from the package's web root, not from the source tree, carry this mark.
mark="packaged-web-root-$$-$RANDOM"
echo "<!-- $mark -->" >>"$web/kiosk/index.html"
# The unit's ExecStart with each absolute path moved into the unpacked tree, then a database in the
# tree's /var/lib/massage-tent (the configuration's db, so mapped) and a free loopback port.
read -r -a exec_start <<<"$(sed -n 's/^ExecStart=//p' "$unit")"
args=()
for a in "${exec_start[@]}"; do
  if [[ $a == /* ]]; then args+=("$root$a"); else args+=("$a"); fi
done
state=$root$(sed -n 's/^WorkingDirectory=//p' "$unit")
mkdir -p "$state"
db=$(sed -n 's/^db = //p' "$root/etc/massage-tent/massage-tent.conf")
(cd "$state" && exec "${args[@]}" --db "$root$db" --port 0 --bind 127.0.0.1 >"$tmp/server.out" 2>&1) &
server=$!
port=
for _ in $(seq 300); do
  # Not on a terminal, the service logs JSON lines (log-format = auto).
  port=$(sed -n 's/.*"msg":"listening on port \([0-9]*\)".*/\1/p' "$tmp/server.out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || {
  cat "$tmp/server.out" >&2
  fail "the packaged server did not start"
}
base=http://127.0.0.1:$port
curl -fsS "$base/healthz" >/dev/null || fail "GET /healthz failed"
curl -fsS "$base/kiosk/" | grep -q "$mark" || fail "/kiosk/ is not served from the packaged web root"
for page in display console organiser status; do
  curl -fsS -o /dev/null "$base/$page/" || fail "GET /$page/ failed"
done
for lib in vendor/chart.umd.min.js vendor/uqr.mjs shared/tent-client.js; do
  curl -fsS "$base/$lib" | cmp -s - "$web/$lib" || fail "/$lib is not the packaged file"
done
[ -f "$root$db" ] || fail "the database is not at the configuration's db path"

kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
((status == 0)) || {
  cat "$tmp/server.out" >&2
  fail "the server exited with $status on SIGTERM, not 0"
}
grep -q '"msg":"stopped"' "$tmp/server.out" || fail "the server did not stop cleanly on SIGTERM"
echo "deploy.package: $deb passes"
