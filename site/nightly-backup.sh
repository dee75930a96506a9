#!/usr/bin/env bash
# The nightly backup where there is no systemd timer (site/cluster.sh runs
# it as a supervised service): sleep until BACKUP_HOUR (local time, 3 by
# default), run `manage.py backup`, repeat. A failed backup is shown on the
# admin dashboard and tried again the next night.
#
#   site/nightly-backup.sh PYTHON
set -uo pipefail

PY=${1:?usage: site/nightly-backup.sh PYTHON}
HOUR=${BACKUP_HOUR:-3}
cd "$(dirname "$0")/.."

while :; do
    now=$(date +%s)
    next=$(date -d "today $HOUR:00" +%s)
    [ "$next" -gt "$now" ] || next=$(date -d "tomorrow $HOUR:00" +%s)
    sleep $((next - now))
    "$PY" manage.py backup || echo "nightly-backup: the backup failed (see above)" >&2
done
