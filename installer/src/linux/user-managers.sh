#!/bin/sh
# Inlined by build-packages into the .deb's and the .rpm's scripts where "#USER_MANAGERS#" stands.
# in_user_managers ARGS...: 'systemctl --user ARGS' in every user's service manager running now, as that user,
# through the manager's private socket (no D-Bus session bus needed). Does nothing where systemd is not running
# (a chroot, an image build, a container): the unit then takes effect at the users' next login.
in_user_managers() {
    [ -d /run/systemd/system ] || return 0
    for uid in $(systemctl list-units --plain --no-legend --state=running 'user@*.service' 2>/dev/null \
            | sed -n 's/^user@\([0-9][0-9]*\)\.service.*/\1/p'); do
        gid=$(getent passwd "$uid" | cut -d: -f4)
        [ -n "$gid" ] && [ -S "/run/user/$uid/systemd/private" ] || continue
        XDG_RUNTIME_DIR="/run/user/$uid" setpriv --reuid="$uid" --regid="$gid" --clear-groups \
            systemctl --user "$@" >/dev/null 2>&1 || true
    done
}
