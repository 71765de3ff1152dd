#!/bin/sh
# Runs a test with a private, unlocked keychain (gnome-keyring's Secret Service) on the session
# bus that dbus-run-session started, in a throw-away home so nothing is left behind. The daemon
# ends with that bus.
home=$(mktemp -d) || exit 1
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'test' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
"$@"
status=$?
rm -rf "$home"
exit $status
