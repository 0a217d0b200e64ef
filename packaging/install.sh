#!/usr/bin/env bash
# Installs the Converge agent on this device from a built jar: /opt/converge/converge.jar, /etc/converge/config.yaml
# (only when missing), the systemd unit. Run as root: sudo packaging/install.sh [path/to/converge.jar]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${1:-$here/../agent/target/converge.jar}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (it writes /opt/converge, /etc/converge and /etc/systemd/system)" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  echo "install.sh: no jar at $jar; build it first: mvn -B -DskipTests -pl agent -am package" >&2
  exit 2
fi
install -d -m 0755 /opt/converge
install -m 0644 "$jar" /opt/converge/converge.jar
install -m 0755 "$here/converge-agent" /opt/converge/converge-agent
rm -f /var/lib/converge/converge.jsa # made for the previous jar; the next run writes a new one
install -d -m 0700 /etc/converge /var/lib/converge
if [ ! -f /etc/converge/config.yaml ]; then
  java -jar /opt/converge/converge.jar run --example-config > /etc/converge/config.yaml
  chmod 0600 /etc/converge/config.yaml
  echo "install.sh: wrote /etc/converge/config.yaml from the example: set the identity, then start the service"
fi
install -m 0644 "$here/converge.service" /etc/systemd/system/converge.service
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  echo "install.sh: installed. Check the config:  java -jar /opt/converge/converge.jar run --check"
  echo "            then start:                  systemctl enable --now converge"
else
  echo "install.sh: installed (systemd is not running here; start with: java -jar /opt/converge/converge.jar run)"
fi
