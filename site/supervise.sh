#!/usr/bin/env bash
# Keeps one service of the cluster running, as systemd's Restart=always does
# in production: site/cluster.sh starts each gunicorn instance, task worker
# and the scheduler through it.
#
#   site/supervise.sh NAME RUN_DIR -- COMMAND [ARGS...]
#
# Writes its own pid to RUN_DIR/NAME.supervisor.pid and the service's to
# RUN_DIR/NAME.pid (so a fault test can kill the service itself and watch it
# come back). A service that stops is started again after a second, or after
# 10 seconds when it stopped five times within a minute. SIGTERM or SIGINT
# stops the service (SIGTERM, then SIGKILL after STOP_GRACE_SECONDS, default
# 30: a task worker finishes its task) and then this script.
set -uo pipefail

name=$1
run_dir=$2
shift 2
[ "${1:-}" = "--" ] && shift

grace=${STOP_GRACE_SECONDS:-30}
child=""
stopping=0
starts=()

log() {
    printf '%s supervise[%s]: %s\n' "$(date '+%F %T')" "$name" "$*"
}

stop() {
    stopping=1
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        log "stopping (pid $child)"
        kill -TERM "$child" 2>/dev/null
        local waited=0
        while kill -0 "$child" 2>/dev/null && [ "$waited" -lt $((grace * 10)) ]; do
            sleep 0.1
            waited=$((waited + 1))
        done
        if kill -0 "$child" 2>/dev/null; then
            log "still running after ${grace}s: killing it"
            kill -KILL "$child" 2>/dev/null
        fi
        wait "$child" 2>/dev/null
    fi
    rm -f "$run_dir/$name.pid" "$run_dir/$name.supervisor.pid"
    log "stopped"
    exit 0
}

trap stop TERM INT
echo $$ >"$run_dir/$name.supervisor.pid"

while [ "$stopping" -eq 0 ]; do
    now=$(date +%s)
    recent=()
    for started in "${starts[@]}"; do
        [ $((now - started)) -lt 60 ] && recent+=("$started")
    done
    starts=("${recent[@]}" "$now")
    "$@" </dev/null &
    child=$!
    echo "$child" >"$run_dir/$name.pid"
    log "started (pid $child): $*"
    wait "$child"
    status=$?
    # wait returns early when a trapped signal arrives; the trap exits.
    [ "$stopping" -eq 1 ] && break
    if [ "${#starts[@]}" -ge 5 ]; then
        delay=10
    else
        delay=1
    fi
    log "exited with status $status; starting again in ${delay}s"
    sleep "$delay" &
    wait $!
done
