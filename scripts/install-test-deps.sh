#!/usr/bin/env bash
# Installs the Debian packages the tests use; idempotent (no apt-get update when nothing is missing).
#   python3-feedparser, libxml2-utils  real readers' parsers and xmllint
#   unzip                              opens the `serverless package` artifact
#   chromium                           the browser the index.html tests drive (playwright-core, never a download)
#   fonts-noto-color-emoji             so emoji in titles render as emoji there, not as empty boxes
#   radosgw ceph-mon ceph-osd ceph-common curl   the local S3 server (scripts/s3-server/)
#   (pip) moto[server], cfn-lint       the deploy smoke test's local AWS, the template linter
set -euo pipefail

# Python tools (pip, not Debian): moto_server, the local AWS test/e2e/deploy.test.ts deploys to, and
# cfn-lint, which lints the packaged template. Here, not at the end: the apt part below exits early
# when every Debian package is installed.
for tool in "moto_server:moto[server]" "cfn-lint:cfn-lint"; do
  command_name=${tool%%:*}
  requirement=${tool#*:}
  if command -v "$command_name" >/dev/null 2>&1; then
    echo "install-test-deps: $command_name already installed"
  else
    echo "install-test-deps: installing $command_name: pip install '$requirement'"
    pip install --quiet "$requirement"
  fi
done

PACKAGES=(python3-feedparser libxml2-utils unzip chromium fonts-noto-color-emoji curl radosgw ceph-mon ceph-osd ceph-common)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: all packages already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${missing[*]}; run as root (apt-get install)" >&2
  exit 1
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
