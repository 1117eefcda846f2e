#!/bin/bash
# postinst of the Skiff .deb. An electron-builder template: the builder fills in its macros (dollar and
# braces around a name: executable, sanitizedProductName) and refuses any other, so shell variables below
# are written as $NAME only.
set -u
APP_DIR='/opt/${sanitizedProductName}'
APP_BIN="$APP_DIR/${executable}"

# The desktop app on the PATH.
ln -sf "$APP_BIN" '/usr/bin/${executable}'

# Chromium's sandbox helper is setuid only where unprivileged user namespaces do not work.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
fi

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database /usr/share/applications || true

# Ubuntu 24.04 and later allow user namespaces (the renderer sandbox) only to programs with a profile.
PROFILE="$APP_DIR/resources/apparmor-profile"
if [ -f "$PROFILE" ] && command -v apparmor_parser >/dev/null 2>&1 && apparmor_status --enabled >/dev/null 2>&1; then
  if apparmor_parser --skip-kernel-load --debug "$PROFILE" >/dev/null 2>&1; then
    cp -f "$PROFILE" '/etc/apparmor.d/${executable}'
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache '/etc/apparmor.d/${executable}' || true
    fi
  fi
fi

# The node agent as a system service, run by the app's own runtime (Electron in Node mode: Node 22), so
# the machine needs no separate Node.js. `skiff-agent` is the agent's command line (pair, run).
install -D -m 0644 "$APP_DIR/resources/agent/skiff-agent.mjs" /usr/lib/skiff/skiff-agent.mjs
cat > /usr/bin/skiff-agent <<SCRIPT
#!/bin/sh
export ELECTRON_RUN_AS_NODE=1
exec "$APP_BIN" /usr/lib/skiff/skiff-agent.mjs "\$@"
SCRIPT
chmod 0755 /usr/bin/skiff-agent
install -D -m 0644 "$APP_DIR/resources/systemd/skiff-agent.service" /lib/systemd/system/skiff-agent.service
mkdir -p /etc/systemd/system/skiff-agent.service.d
cat > /etc/systemd/system/skiff-agent.service.d/10-skiff-desktop.conf <<'UNIT'
# Written by the Skiff .deb: run the agent with the app's runtime instead of /usr/bin/node.
[Service]
ExecStart=
ExecStart=/usr/bin/skiff-agent --config /etc/skiff/agent.yaml
UNIT

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  # An upgrade restarts a paired, running agent on the new bundle; pods keep running meanwhile.
  systemctl try-restart skiff-agent.service || true
fi
if [ ! -e /etc/skiff/agent.yaml ]; then
  echo "Skiff: to run this machine as a node of a Skiff cluster, pair it, then start the service:"
  echo "  sudo skiff-agent pair --server https://HOST:PORT --token ID.SECRET --ca-pin sha256:HEX"
  echo "  sudo systemctl enable --now skiff-agent"
fi
exit 0
