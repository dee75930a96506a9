#!/usr/bin/env bash
# Development: serve the site on http://127.0.0.1:8000 (or DEV_SERVER_ADDR, which
# venue/settings/dev.py also makes the address of links in mails) together with its task
# worker (django-tasks-db, or RQ's when REDIS_URL is set) and the scheduler of
# periodic tasks. Ctrl-C stops them all; so does any one of them stopping on
# its own.
#
# Each service runs in its own process group (set -m), so stopping one stops
# what it started too (runserver's and the worker's auto-reloaders).
set -euo pipefail
set -m

cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
ADDR="${DEV_SERVER_ADDR:-127.0.0.1:8000}"
GRACE_SECONDS=10

names=()
pids=()

start() {
    local name=$1
    shift
    # No terminal input for the services: only this script answers Ctrl-C.
    "$@" </dev/null &
    names+=("$name")
    pids+=("$!")
    echo "dev-server: started $name (pid $!)"
}

stop() {
    trap - INT TERM EXIT
    # Stopping must finish even when the terminal or a pipe (make run | tee)
    # has gone away and a message can no longer be written.
    set +e
    trap '' PIPE HUP
    echo "dev-server: stopping ${names[*]}"
    local pid
    for pid in "${pids[@]}"; do
        kill -INT -- "-$pid" 2>/dev/null || true
    done
    # Whatever has not stopped within the grace period is killed.
    (
        sleep "$GRACE_SECONDS"
        for pid in "${pids[@]}"; do
            kill -KILL -- "-$pid" 2>/dev/null || true
        done
    ) &
    local watchdog=$!
    wait "${pids[@]}" 2>/dev/null || true
    kill -- "-$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
    # Children a service left behind in its group.
    for pid in "${pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    echo "dev-server: stopped"
    return 0
}

trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

start web "$PY" manage.py runserver "$ADDR"
# Tasks go to RQ when Redis is configured (venue/settings/base.py, TASKS), to
# the database queue otherwise; with RQ, the database queue takes the tasks
# Redis could not.
tasks_backend=${TASKS_BACKEND:-$([ -n "${REDIS_URL:-}" ] && echo rq || echo database)}
if [ "$tasks_backend" = rq ]; then
    start worker "$PY" manage.py rqworker --job-class django_tasks_rq.Job default
    start fallback-worker "$PY" manage.py db_worker --backend database
else
    start worker "$PY" manage.py db_worker
fi
# A short tick so that the scheduler notices Ctrl-C within a second.
start scheduler "$PY" manage.py run_scheduler --tick 1
echo "dev-server: the site is on http://$ADDR/ (admin: http://$ADDR/admin/); Ctrl-C stops it"

status=0
wait -n "${pids[@]}" || status=$?
echo "dev-server: a service stopped on its own (exit $status); stopping the others" >&2
stop
exit $((status == 0 ? 1 : status))
