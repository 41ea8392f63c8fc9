#!/usr/bin/env bash
# The Debian packages the tests need, in one place. Checks them with dpkg-query; installs the
# missing ones when running as root on Debian/Ubuntu; otherwise fails and says what to install.
# It never passes silently: it either reports every package present, installs them, or exits 1.
#
#   bash tests/setup/system-packages.sh           # check, and install if root
#   bash tests/setup/system-packages.sh --check   # check only, never install
set -euo pipefail

# Adding a package is one line here: the package name, then what the tests use it for.
PACKAGES=(
  chromium        # the browser the Playwright e2e tests drive (/usr/bin/chromium); never downloaded by Playwright
  softhsm2        # a software PKCS#11 token for the signing tests (ЭЦҚ on Kaztoken/JaCarta stand-in)
  sane-utils      # scanimage and the SANE test backend, for the document scanning tests
  postgresql      # the central server's database: tests start a throwaway cluster (initdb, pg_ctl)
  poppler-utils # pdftotext/pdfinfo, to check the generated PDF documents
  qpdf            # structural checks of the generated PDF documents
  openssl         # test certificates in the НУЦ РК layout (IIN/BIN in the subject, key usages)
)

check_only=false
if [[ "${1:-}" == "--check" ]]; then check_only=true; fi

say() { printf 'system-packages: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "dpkg-query was not found: this is not a Debian-based system, so the packages cannot be checked."
  say "The tests need these Debian packages (or their equivalents): ${PACKAGES[*]}"
  exit 1
fi

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

missing_packages() {
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || printf '%s\n' "$pkg"
  done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]} == 0)); then
  say "all present: ${PACKAGES[*]}"
  exit 0
fi

say "missing: ${missing[*]}"
install_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"

debian_like=false
if [[ -r /etc/os-release ]]; then
  os_ids="$(. /etc/os-release && printf '%s %s' "${ID:-}" "${ID_LIKE:-}")"
  for id in $os_ids; do
    if [[ "$id" == "debian" || "$id" == "ubuntu" ]]; then debian_like=true; fi
  done
fi

if $check_only || [[ "$(id -u)" -ne 0 ]] || ! $debian_like; then
  if ! $debian_like; then
    say "this system is not Debian or Ubuntu (see /etc/os-release); install the equivalents of: ${missing[*]}"
  else
    say "install them as root with:"
    say "  sudo sh -c '$install_command'"
  fi
  say "then run the tests again."
  exit 1
fi

say "installing as root: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"

mapfile -t still_missing < <(missing_packages)
if ((${#still_missing[@]} > 0)); then
  say "still missing after apt-get install: ${still_missing[*]}"
  exit 1
fi
say "installed: ${missing[*]}"
