#!/usr/bin/env bash
# The site as a cluster on one machine, all on 127.0.0.1, from Debian's
# packages: its own PostgreSQL and Redis, N gunicorn instances behind nginx
# (static files, proxy cache for anonymous pages, purged on publish), RQ task
# workers, a database task worker for tasks queued while Redis is down, and
# the scheduler. For load and fault tests and to try production's setup; see
# site/README.md.
#
#   site/cluster.sh start      set up (first time: initdb, database, secrets),
#                              migrate, collect static files, load the demo
#                              content, start everything, print URL and login
#   site/cluster.sh stop       stop everything this cluster started
#   site/cluster.sh status     each service: running or not, pid, port
#   site/cluster.sh logs [S]   follow the logs (of service S)
#   site/cluster.sh env        the cluster's environment, as export lines:
#                              eval "$(site/cluster.sh env)"
#   site/cluster.sh manage ... manage.py with the cluster's environment
#   site/cluster.sh psql       psql on the cluster's database
#   site/cluster.sh svc ACTION S
#                              ACTION: start, stop, restart or kill (SIGKILL;
#                              supervised services come back by themselves)
#                              S: postgres, redis, nginx, web-N, worker-N,
#                              dbworker, scheduler, backup
#   site/cluster.sh purge      empty nginx's page cache
#   site/cluster.sh backup     back up now (a supervised service also backs
#                              up nightly at BACKUP_HOUR, 3 by default, into
#                              CLUSTER_DIR/backups; restore: site/README.md)
#   site/cluster.sh destroy    stop and delete the state folder
#
# Settings (environment; `start` records them, the other commands read them):
#   CLUSTER_PORT        nginx's port (8080); the others follow from it:
#                       PostgreSQL +1, Redis +2, gunicorn instances +10, +11, ...
#                       so clusters 100 apart never collide
#   CLUSTER_DIR         state folder (var/cluster, var/cluster-PORT for another
#                       port): database, logs, pids, static files, media
#   GUNICORN_INSTANCES  gunicorn instances behind nginx (2)
#   GUNICORN_WORKERS    worker processes per instance (2)
#   RQ_WORKERS          RQ task workers (2)
#   CLUSTER_SEED        load the demo content on start (1; 0 skips)
#   SEED_EVENTS         events in the demo content (seed_demo's default)
#   CLUSTER_ENV_FILE    extra KEY=value lines for the site's environment
#                       (EMAIL_URL, AKISMET_API_KEY, STRIPE_..., ...); these
#                       variables are also taken from the calling shell:
#                       EMAIL_URL AKISMET_API_KEY STRIPE_SECRET_KEY
#                       STRIPE_PUBLISHABLE_KEY STRIPE_WEBHOOK_SECRET
#                       STRIPE_API_BASE DEFAULT_FROM_EMAIL PAGE_CACHE_SECONDS
#                       PROXY_CACHE_SECONDS LOG_LEVEL CONN_MAX_AGE ADMIN_PASSWORD
#   PG_BIN              PostgreSQL's programs (newest /usr/lib/postgresql/*/bin)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
SUPERVISE=$ROOT/site/supervise.sh
PURGE_MODULE=/usr/lib/nginx/modules/ngx_http_cache_purge_module.so
PASSTHROUGH=(EMAIL_URL AKISMET_API_KEY STRIPE_SECRET_KEY STRIPE_PUBLISHABLE_KEY
    STRIPE_WEBHOOK_SECRET STRIPE_API_BASE DEFAULT_FROM_EMAIL PAGE_CACHE_SECONDS
    PROXY_CACHE_SECONDS LOG_LEVEL CONN_MAX_AGE)

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() {
    printf 'cluster: %s\n' "$*" >&2
    exit 1
}

# --- Settings -----------------------------------------------------------------

resolve_state_dir() {
    local port=${CLUSTER_PORT:-8080}
    local dir=${CLUSTER_DIR:-}
    if [ -z "$dir" ]; then
        if [ "$port" = 8080 ]; then dir=var/cluster; else dir=var/cluster-$port; fi
    fi
    case $dir in /*) ;; *) dir=$ROOT/$dir ;; esac
    STATE=$dir
    RUN=$STATE/run
    LOGS=$STATE/logs
    CONF=$STATE/cluster.conf
}

# The settings of a cluster that was started are read back from its state
# folder, so `stop` or `status` need no environment; `start` takes them from
# the environment (or the defaults) and records them.
load_settings() {
    resolve_state_dir
    if [ "${1:-}" != fresh ] && [ -f "$CONF" ]; then
        # shellcheck disable=SC1090
        . "$CONF"
        return
    fi
    PORT=${CLUSTER_PORT:-8080}
    PG_PORT=${CLUSTER_PG_PORT:-$((PORT + 1))}
    REDIS_PORT=${CLUSTER_REDIS_PORT:-$((PORT + 2))}
    WEB_PORT=${CLUSTER_GUNICORN_PORT:-$((PORT + 10))}
    INSTANCES=${GUNICORN_INSTANCES:-2}
    WORKERS_PER_INSTANCE=${GUNICORN_WORKERS:-2}
    RQ=${RQ_WORKERS:-2}
    PG_BIN=${PG_BIN:-$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)}
    for value in "$PORT" "$PG_PORT" "$REDIS_PORT" "$WEB_PORT" "$INSTANCES" "$WORKERS_PER_INSTANCE" "$RQ"; do
        [[ $value =~ ^[0-9]+$ ]] || die "not a number: $value"
    done
    [ "$INSTANCES" -ge 1 ] || die "GUNICORN_INSTANCES must be 1 or more"
}

save_settings() {
    {
        printf 'PORT=%q\nPG_PORT=%q\nREDIS_PORT=%q\nWEB_PORT=%q\n' \
            "$PORT" "$PG_PORT" "$REDIS_PORT" "$WEB_PORT"
        printf 'INSTANCES=%q\nWORKERS_PER_INSTANCE=%q\nRQ=%q\nPG_BIN=%q\n' \
            "$INSTANCES" "$WORKERS_PER_INSTANCE" "$RQ" "$PG_BIN"
    } >"$CONF"
}

web_names() { for i in $(seq 1 "$INSTANCES"); do echo "web-$i"; done; }
worker_names() { for i in $(seq 1 "$RQ"); do echo "worker-$i"; done; }
supervised_names() {
    web_names
    worker_names
    echo dbworker
    echo scheduler
    echo backup
}
web_port() { echo $((WEB_PORT + ${1#web-} - 1)); }

# --- Helpers --------------------------------------------------------------------

is_root() { [ "$(id -u)" = 0 ]; }

# PostgreSQL refuses to run as root: as root, its programs run as postgres.
as_db_user() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { cat "$RUN/$1.pid" 2>/dev/null || true; }

port_busy() {
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

wait_for() {
    # wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds.
    local seconds=$1 what=$2
    shift 2
    local tries=$((seconds * 5))
    while ! "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.2
    done
}

http_ok() {
    "$PY" - "$1" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=3) as response:
    sys.exit(0 if response.status == 200 else 1)
EOF
}

load_env() {
    [ -f "$STATE/cluster.env" ] || die "no cluster in $STATE (run: site/cluster.sh start)"
    set -a
    # shellcheck disable=SC1091
    . "$STATE/cluster.env"
    set +a
}

manage() { (load_env && cd "$ROOT" && "$PY" manage.py "$@"); }

# --- Packages -------------------------------------------------------------------

ensure_packages() {
    local missing=()
    [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v nginx >/dev/null || missing+=(nginx)
    [ -f "$PURGE_MODULE" ] || missing+=(libnginx-mod-http-cache-purge)
    if [ "${#missing[@]}" -gt 0 ]; then
        if is_root; then
            say "Installing Debian packages: ${missing[*]}"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
            PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin | sort -V | tail -n 1)
        else
            die "missing Debian packages; as root: apt-get install ${missing[*]}"
        fi
    fi
    [ -x "$PY" ] || die "$PY not found: run make install first"
}

# --- Secrets and environment ----------------------------------------------------

ensure_secrets() {
    if [ ! -f "$STATE/secrets" ]; then
        (
            umask 077
            printf 'SECRET_KEY=%q\nDB_PASSWORD=%q\nPG_SUPERUSER_PASSWORD=%q\n' \
                "$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
                "$("$PY" -c 'import secrets; print(secrets.token_hex(16))')" \
                "$("$PY" -c 'import secrets; print(secrets.token_hex(16))')" \
                >"$STATE/secrets"
        )
    fi
    # Keys of backups and of the erasure journal: added to older clusters'
    # secrets too. Keep a copy of both apart from the backups.
    if ! grep -q '^BACKUP_KEY=' "$STATE/secrets"; then
        (
            umask 077
            printf 'BACKUP_KEY=%q\nERASURE_JOURNAL_KEY=%q\n' \
                "$("$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
                "$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')" \
                >>"$STATE/secrets"
        )
    fi
    # shellcheck disable=SC1091
    . "$STATE/secrets"
}

write_env() {
    local redis=redis://127.0.0.1:$REDIS_PORT
    (
        umask 077
        {
            echo "# The site's environment in this cluster (written by site/cluster.sh start)."
            printf 'DJANGO_SETTINGS_MODULE=%q\n' venue.settings.cluster
            printf 'SECRET_KEY=%q\n' "$SECRET_KEY"
            printf 'ALLOWED_HOSTS=%q\n' 127.0.0.1,localhost
            printf 'DATABASE_URL=%q\n' "postgres://venue:$DB_PASSWORD@127.0.0.1:$PG_PORT/venue"
            printf 'REDIS_URL=%q\n' "$redis/0"
            printf 'RQ_REDIS_URL=%q\n' "$redis/1?socket_connect_timeout=1&socket_timeout=5"
            printf 'STATIC_ROOT=%q\n' "$STATE/static"
            printf 'MEDIA_ROOT=%q\n' "$STATE/media"
            printf 'PRIVACY_EXPORT_STORAGE_DIR=%q\n' "$STATE/private/exports"
            printf 'BACKUP_DIR=%q\n' "$STATE/backups"
            printf 'BACKUP_MAINTENANCE_FILE=%q\n' "$STATE/maintenance"
            printf 'BACKUP_KEY=%q\n' "$BACKUP_KEY"
            printf 'ERASURE_JOURNAL_KEY=%q\n' "$ERASURE_JOURNAL_KEY"
            printf 'TRUSTED_PROXY_COUNT=%q\n' 1
            printf 'PROXY_LANGUAGE_HEADER=%q\n' X-Venue-Language
            printf 'FRONTEND_CACHE_PURGE_URL=%q\n' "http://127.0.0.1:$PORT/__purge"
            printf 'FRONTEND_CACHE_HOSTS=%q\n' 127.0.0.1,localhost
            printf 'WAGTAILADMIN_BASE_URL=%q\n' "http://127.0.0.1:$PORT"
            printf 'PYTHONUNBUFFERED=%q\n' 1
            local name
            for name in "${PASSTHROUGH[@]}"; do
                if [ -n "${!name:-}" ]; then
                    printf '%s=%q\n' "$name" "${!name}"
                fi
            done
            if [ -n "${CLUSTER_ENV_FILE:-}" ]; then
                [ -f "$CLUSTER_ENV_FILE" ] || die "CLUSTER_ENV_FILE not found: $CLUSTER_ENV_FILE"
                local line
                while IFS= read -r line || [ -n "$line" ]; do
                    case $line in '' | '#'*) continue ;; esac
                    [[ $line == *=* ]] || die "not KEY=value in $CLUSTER_ENV_FILE: $line"
                    printf '%s=%q\n' "${line%%=*}" "${line#*=}"
                done <"$CLUSTER_ENV_FILE"
            fi
        } >"$STATE/cluster.env"
    )
}

# --- PostgreSQL -----------------------------------------------------------------

pg_data() { echo "$STATE/postgres/data"; }
pg_socket_dir() { echo "$STATE/postgres/run"; }

pg_running() { as_db_user "$PG_BIN/pg_ctl" -D "$(pg_data)" status >/dev/null 2>&1; }

psql_admin() {
    as_db_user "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_socket_dir)" \
        -p "$PG_PORT" -U postgres -d postgres "$@"
}

init_postgres() {
    mkdir -p "$STATE/postgres/run"
    if is_root; then
        chown -R postgres:postgres "$STATE/postgres"
    fi
    chmod 700 "$STATE/postgres" "$STATE/postgres/run"
    if [ ! -f "$(pg_data)/PG_VERSION" ]; then
        say "Creating the PostgreSQL cluster in $(pg_data)"
        # Local socket connections (a folder only the database user can
        # enter) are trusted; TCP needs a password.
        as_db_user "$PG_BIN/initdb" -D "$(pg_data)" -U postgres -E UTF8 \
            --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
            >"$LOGS/initdb.log" 2>&1 || {
            tail -n 20 "$LOGS/initdb.log" >&2
            die "initdb failed"
        }
    fi
}

start_postgres() {
    if pg_running; then
        note "postgres already running"
        return
    fi
    port_busy "$PG_PORT" && die "port $PG_PORT (PostgreSQL) is taken"
    touch "$LOGS/postgres.log"
    is_root && chown postgres:postgres "$LOGS/postgres.log"
    as_db_user "$PG_BIN/pg_ctl" -D "$(pg_data)" -l "$LOGS/postgres.log" -w -t 60 \
        -o "-p $PG_PORT -k $(pg_socket_dir) -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" \
        start >/dev/null || {
        tail -n 20 "$LOGS/postgres.log" >&2
        die "PostgreSQL did not start"
    }
    note "postgres on 127.0.0.1:$PG_PORT"
}

ensure_database() {
    psql_admin <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'venue') THEN
        CREATE ROLE venue LOGIN PASSWORD '$DB_PASSWORD';
    ELSE
        ALTER ROLE venue LOGIN PASSWORD '$DB_PASSWORD';
    END IF;
END
\$\$;
SQL
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'venue'")" ]; then
        psql_admin -c "CREATE DATABASE venue OWNER venue"
    fi
}

stop_postgres() {
    if pg_running; then
        as_db_user "$PG_BIN/pg_ctl" -D "$(pg_data)" -m fast -w stop >/dev/null
        note "postgres stopped"
    fi
}

# --- Redis ----------------------------------------------------------------------

redis_running() { pid_alive "$(pid_of redis)"; }

start_redis() {
    if redis_running; then
        note "redis already running"
        return
    fi
    port_busy "$REDIS_PORT" && die "port $REDIS_PORT (Redis) is taken"
    mkdir -p "$STATE/redis"
    # No persistence: the cache can start empty, and a task queued while
    # Redis was down went to the database queue instead.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" \
        --save "" --appendonly no --daemonize yes --pidfile "$RUN/redis.pid" \
        --logfile "$LOGS/redis.log" --databases 4
    wait_for 10 redis redis-cli -p "$REDIS_PORT" ping || die "Redis did not start (see $LOGS/redis.log)"
    note "redis on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
    local pid
    pid=$(pid_of redis)
    if pid_alive "$pid"; then
        kill -TERM "$pid"
        wait_for 15 "redis to stop" bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
        rm -f "$RUN/redis.pid"
        note "redis stopped"
    fi
}

# --- Supervised services (gunicorn, workers, scheduler) -------------------------

service_command() {
    case $1 in
    web-*)
        echo "env GUNICORN_BIND=127.0.0.1:$(web_port "$1") WEB_CONCURRENCY=$WORKERS_PER_INSTANCE" \
            "$PY -m gunicorn -c $ROOT/site/gunicorn.conf.py"
        ;;
    worker-*)
        echo "$PY manage.py rqworker --job-class django_tasks_rq.Job default"
        ;;
    dbworker) echo "$PY manage.py db_worker --backend database --no-reload --no-startup-delay" ;;
    scheduler) echo "$PY manage.py run_scheduler" ;;
    backup) echo "$ROOT/site/nightly-backup.sh $PY" ;;
    *) return 1 ;;
    esac
}

supervised_running() { pid_alive "$(cat "$RUN/$1.supervisor.pid" 2>/dev/null || true)"; }

start_supervised() {
    local name=$1 command
    command=$(service_command "$name") || die "no such service: $name"
    if supervised_running "$name"; then
        note "$name already running"
        return
    fi
    if [[ $name == web-* ]] && port_busy "$(web_port "$name")"; then
        die "port $(web_port "$name") ($name) is taken"
    fi
    rm -f "$RUN/$name.pid"
    (
        load_env
        cd "$ROOT"
        # Its own session: Ctrl-C in this terminal, or make ending, leaves
        # it running; `stop` ends it.
        # shellcheck disable=SC2086
        setsid "$SUPERVISE" "$name" "$RUN" -- $command >>"$LOGS/$name.log" 2>&1 </dev/null &
    )
    wait_for 10 "$name" test -s "$RUN/$name.pid" || die "$name did not start (see $LOGS/$name.log)"
}

stop_supervised() {
    local name=$1 pid
    pid=$(cat "$RUN/$name.supervisor.pid" 2>/dev/null || true)
    if pid_alive "$pid"; then
        kill -TERM "$pid"
    fi
}

wait_stopped() {
    local name pid
    for name in "$@"; do
        pid=$(cat "$RUN/$name.supervisor.pid" 2>/dev/null || true)
        if pid_alive "$pid"; then
            wait_for 45 "$name to stop" bash -c "! kill -0 $pid" || {
                note "$name did not stop in time: killing it"
                kill -KILL "$(pid_of "$name")" "$pid" 2>/dev/null || true
            }
        fi
        rm -f "$RUN/$name.pid" "$RUN/$name.supervisor.pid"
    done
}

# --- nginx ----------------------------------------------------------------------

nginx_args() { echo "-c $STATE/nginx/nginx.conf -p $STATE/nginx/ -e $LOGS/nginx-error.log"; }
nginx_running() { pid_alive "$(pid_of nginx)"; }

render_nginx() {
    mkdir -p "$STATE/nginx/cache" "$STATE/nginx/tmp"
    local user_line="" upstream="" name
    if is_root; then
        user_line="user www-data;"
        chown -R www-data: "$STATE/nginx/cache" "$STATE/nginx/tmp"
    fi
    for name in $(web_names); do
        upstream+="        server 127.0.0.1:$(web_port "$name") max_fails=1 fail_timeout=5s;"$'\n'
    done
    local escaped_upstream=${upstream//$'\n'/\\n}
    sed -e "s|@USER_LINE@|$user_line|" \
        -e "s|@STATE@|$STATE|g" \
        -e "s|@PORT@|$PORT|g" \
        -e "s|@STATIC_ROOT@|$STATE/static|g" \
        -e "s|@MEDIA_ROOT@|$STATE/media|g" \
        -e "s|@LANGUAGE_COOKIE@|sprak|g" \
        -e "s|@SESSION_COOKIE@|sessionid|g" \
        -e "s|@UPSTREAM_SERVERS@|${escaped_upstream%\\n}|" \
        "$ROOT/site/nginx.conf.template" >"$STATE/nginx/nginx.conf"
}

start_nginx() {
    if nginx_running; then
        note "nginx already running"
        return
    fi
    port_busy "$PORT" && die "port $PORT (nginx) is taken"
    render_nginx
    # shellcheck disable=SC2046
    nginx $(nginx_args) -t -q || die "nginx rejects $STATE/nginx/nginx.conf"
    # A fresh start serves nothing kept from an earlier run.
    find "$STATE/nginx/cache" -mindepth 1 -delete
    # shellcheck disable=SC2046
    nginx $(nginx_args)
    wait_for 10 nginx test -s "$RUN/nginx.pid" || die "nginx did not start (see $LOGS/nginx-error.log)"
    note "nginx on http://127.0.0.1:$PORT/"
}

stop_nginx() {
    local pid
    pid=$(pid_of nginx)
    if pid_alive "$pid"; then
        kill -QUIT "$pid"
        wait_for 15 "nginx to stop" bash -c "! kill -0 $pid" || kill -TERM "$pid" 2>/dev/null || true
        note "nginx stopped"
    fi
}

# Before anything is created: every port this cluster would use is free.
check_ports_free() {
    local taken=() port name
    for port in "$PORT" "$PG_PORT" "$REDIS_PORT"; do
        port_busy "$port" && taken+=("$port")
    done
    for name in $(web_names); do
        port=$(web_port "$name")
        port_busy "$port" && taken+=("$port")
    done
    if [ "${#taken[@]}" -gt 0 ]; then
        die "port(s) ${taken[*]} taken (another cluster? choose another CLUSTER_PORT, 100 apart)"
    fi
}

# --- Commands -------------------------------------------------------------------

cmd_start() {
    load_settings
    if [ -f "$CONF" ] && { nginx_running || redis_running || pg_running; }; then
        start_missing
        return
    fi
    load_settings fresh
    check_ports_free
    ensure_packages
    mkdir -p "$RUN" "$LOGS" "$STATE/static" "$STATE/media" "$STATE/private/exports"
    save_settings
    ensure_secrets

    say "PostgreSQL and Redis"
    init_postgres
    start_postgres
    ensure_database
    start_redis
    write_env

    say "Migrating the database"
    manage migrate --noinput -v 0
    say "Collecting static files"
    manage collectstatic --noinput -v 0
    if [ "${CLUSTER_SEED:-1}" = 1 ]; then
        say "Loading demo content"
        manage seed_demo ${SEED_EVENTS:+--events "$SEED_EVENTS"}
    fi
    local admin
    admin=$(manage ensure_admin ${ADMIN_PASSWORD:+--password "$ADMIN_PASSWORD"})

    say "Starting $INSTANCES gunicorn instance(s) of $WORKERS_PER_INSTANCE worker(s), $RQ RQ worker(s), the database worker and the scheduler"
    local name
    for name in $(supervised_names); do
        start_supervised "$name"
    done
    for name in $(web_names); do
        wait_for 60 "$name" http_ok "http://127.0.0.1:$(web_port "$name")/helse/" ||
            die "$name does not answer on port $(web_port "$name") (see $LOGS/$name.log)"
        note "$name on 127.0.0.1:$(web_port "$name")"
    done
    say "nginx"
    start_nginx
    wait_for 30 "the site" http_ok "http://127.0.0.1:$PORT/helse/" ||
        die "the site does not answer through nginx (see $LOGS/nginx-error.log)"

    echo
    say "The cluster is running: http://127.0.0.1:$PORT/ (admin: http://127.0.0.1:$PORT/admin/)"
    printf '%s\n' "$admin" | sed 's/^/    /'
    note "state, logs and pids: $STATE"
    note "status: site/cluster.sh status    logs: site/cluster.sh logs"
    if [ "${CLUSTER_DIR:-}" ] || [ "$PORT" != 8080 ]; then
        note "stop:   CLUSTER_DIR=$STATE site/cluster.sh stop"
    else
        note "stop:   make cluster-stop (or site/cluster.sh stop)"
    fi
}

# A cluster that is (partly) running: start what is not, keep its data,
# settings and admin password.
start_missing() {
    say "A cluster is running in $STATE: starting what is not"
    ensure_secrets
    start_postgres
    start_redis
    local name
    for name in $(supervised_names); do
        start_supervised "$name"
    done
    start_nginx
    wait_for 60 "the site" http_ok "http://127.0.0.1:$PORT/helse/" ||
        die "the site does not answer through nginx (see $LOGS/)"
    say "The cluster is running: http://127.0.0.1:$PORT/"
}

cmd_stop() {
    load_settings
    [ -f "$CONF" ] || {
        note "no cluster in $STATE"
        return
    }
    say "Stopping the cluster in $STATE"
    stop_nginx
    local name names
    names=$(supervised_names)
    for name in $names; do
        stop_supervised "$name"
    done
    # shellcheck disable=SC2086
    wait_stopped $names
    note "gunicorn, workers and scheduler stopped"
    stop_redis
    stop_postgres
}

status_line() {
    local name=$1 state=$2 pid=$3 where=$4
    printf '  %-11s %-8s %-8s %s\n' "$name" "$state" "$pid" "$where"
}

cmd_status() {
    load_settings
    [ -f "$CONF" ] || die "no cluster in $STATE"
    local down=0 pid name
    printf '  %-11s %-8s %-8s %s\n' service state pid where
    if pg_running; then
        pid=$(head -n 1 "$(pg_data)/postmaster.pid" 2>/dev/null || echo ?)
        status_line postgres up "$pid" "127.0.0.1:$PG_PORT"
    else
        status_line postgres down - "127.0.0.1:$PG_PORT"
        down=1
    fi
    if redis_running; then
        status_line redis up "$(pid_of redis)" "127.0.0.1:$REDIS_PORT"
    else
        status_line redis down - "127.0.0.1:$REDIS_PORT"
        down=1
    fi
    for name in $(supervised_names); do
        local where=""
        [[ $name == web-* ]] && where="127.0.0.1:$(web_port "$name")"
        if supervised_running "$name" && pid_alive "$(pid_of "$name")"; then
            status_line "$name" up "$(pid_of "$name")" "$where"
        elif supervised_running "$name"; then
            status_line "$name" restart - "$where"
            down=1
        else
            status_line "$name" down - "$where"
            down=1
        fi
    done
    if nginx_running; then
        status_line nginx up "$(pid_of nginx)" "http://127.0.0.1:$PORT/"
    else
        status_line nginx down - "http://127.0.0.1:$PORT/"
        down=1
    fi
    return $((down ? 3 : 0))
}

cmd_svc() {
    local action=${1:-} name=${2:-}
    [ -n "$action" ] && [ -n "$name" ] || die "usage: site/cluster.sh svc start|stop|restart|kill SERVICE"
    load_settings
    [ -f "$CONF" ] || die "no cluster in $STATE"
    ensure_secrets
    case $name in
    postgres)
        case $action in
        start) start_postgres ;;
        stop) stop_postgres ;;
        restart) as_db_user "$PG_BIN/pg_ctl" -D "$(pg_data)" -m fast -w restart -l "$LOGS/postgres.log" \
            -o "-p $PG_PORT -k $(pg_socket_dir) -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" >/dev/null ;;
        kill) kill -KILL "$(head -n 1 "$(pg_data)/postmaster.pid")" ;;
        *) die "unknown action: $action" ;;
        esac
        ;;
    redis)
        case $action in
        start) start_redis ;;
        stop) stop_redis ;;
        restart) stop_redis && start_redis ;;
        kill) kill -KILL "$(pid_of redis)" && rm -f "$RUN/redis.pid" ;;
        *) die "unknown action: $action" ;;
        esac
        ;;
    nginx)
        case $action in
        start) start_nginx ;;
        stop) stop_nginx ;;
        restart) stop_nginx && start_nginx ;;
        kill) kill -KILL "$(pid_of nginx)" ;;
        *) die "unknown action: $action" ;;
        esac
        ;;
    *)
        service_command "$name" >/dev/null || die "no such service: $name (see site/cluster.sh status)"
        case $action in
        start) start_supervised "$name" ;;
        stop) stop_supervised "$name" && wait_stopped "$name" ;;
        restart) stop_supervised "$name" && wait_stopped "$name" && start_supervised "$name" ;;
        kill)
            pid_alive "$(pid_of "$name")" || die "$name is not running"
            kill -KILL "$(pid_of "$name")"
            note "$name killed; its supervisor starts it again in a second"
            ;;
        *) die "unknown action: $action" ;;
        esac
        ;;
    esac
}

cmd_logs() {
    load_settings
    if [ -n "${1:-}" ]; then
        exec tail -n 50 -F "$LOGS/$1.log"
    fi
    exec tail -n 5 -F "$LOGS"/*.log
}

cmd_env() {
    load_settings
    load_env
    sed -n 's/^\([A-Z_][A-Z0-9_]*\)=.*/\1/p' "$STATE/cluster.env" | while read -r name; do
        printf 'export %s=%q\n' "$name" "${!name}"
    done
}

cmd_psql() {
    load_settings
    load_env
    exec psql "$DATABASE_URL" "$@"
}

cmd_purge() {
    load_settings
    find "$STATE/nginx/cache" -mindepth 1 -delete 2>/dev/null || true
    note "nginx's page cache is empty (entries it still has in memory are misses now)"
}

cmd_destroy() {
    [ "${1:-}" = --yes ] || die "destroy deletes the cluster's database and files: site/cluster.sh destroy --yes"
    cmd_stop
    load_settings
    rm -rf "$STATE"
    note "deleted $STATE"
}

command=${1:-help}
shift || true
case $command in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
svc) cmd_svc "$@" ;;
logs) cmd_logs "$@" ;;
env) cmd_env ;;
manage)
    load_settings
    manage "$@"
    ;;
psql) cmd_psql "$@" ;;
purge) cmd_purge ;;
backup)
    load_settings
    manage backup "$@"
    ;;
destroy) cmd_destroy "$@" ;;
help | -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
*) die "unknown command: $command (site/cluster.sh help)" ;;
esac
