# Sourced by the deploy scripts: install_missing PACKAGE... installs, with apt-get, those of the
# Debian packages that are not installed yet (nothing when all are), as root or through sudo.

# What every build of the server needs besides a compiler (Release, sanitizers, fuzzing), in one place.
build_packages=(cmake make pkg-config libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev libsqlite3-dev
  libsodium-dev libssl-dev libicu-dev catch2)

install_missing() {
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "massage-tent: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}
