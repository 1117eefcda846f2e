#!/bin/bash
# postrm of the Skiff .deb (an electron-builder template, like deb-after-install.tpl). An upgrade keeps
# everything (the new package's postinst replaces the files); remove and purge take the service away.
# The agent's state (/var/lib/skiff-agent) and its pods stay: purge them by hand.
case "$1" in
  upgrade|failed-upgrade|abort-install|abort-upgrade) exit 0 ;;
esac
if [ -d /run/systemd/system ]; then
  systemctl disable --now skiff-agent.service >/dev/null 2>&1 || true
fi
rm -f /lib/systemd/system/skiff-agent.service /usr/bin/skiff-agent '/usr/bin/${executable}'
rm -rf /etc/systemd/system/skiff-agent.service.d /usr/lib/skiff
if [ -f '/etc/apparmor.d/${executable}' ]; then
  if command -v apparmor_parser >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove '/etc/apparmor.d/${executable}' >/dev/null 2>&1 || true
  fi
  rm -f '/etc/apparmor.d/${executable}'
fi
[ -d /run/systemd/system ] && systemctl daemon-reload || true
exit 0
