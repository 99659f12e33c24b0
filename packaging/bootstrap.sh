#!/usr/bin/env bash
# Install every Debian package Accord needs to build, test and run. Idempotent:
# apt is only touched when something is missing.
set -euo pipefail

PACKAGES=(
    cmake g++ ninja-build ccache pkg-config libsqlite3-dev libcrypt-dev libpq-dev libmariadb-dev libssl-dev
    qt6-base-dev libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql
    qtkeychain-qt6-dev libsecret-1-0 qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libgl-dev
    xvfb xauth dbus dbus-x11 gnome-keyring
    postgresql mariadb-server mariadb-plugin-mroonga sqlite3 python3
    imagemagick poppler-utils fonts-noto-core fonts-noto-cjk
    clang-format at-spi2-core python3-pyatspi openssl
    clang-14 libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "bootstrap: all ${#PACKAGES[@]} packages already installed"
    exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "bootstrap: run as root, or install sudo" >&2; exit 1; }
    SUDO=(sudo)
fi
"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
