#!/bin/sh
# The container's commands; the same script runs outside a container (tests, bare servers).
#   web      gunicorn serving config.wsgi (the default)
#   worker   the background task worker (django-tasks-db): the first attempt of every e-mail
#            and other queued work
#   mail     retries e-mails that failed and deletes old ones (send_queued_mail --loop)
#   scheduler  runs the periodic jobs (settings PERIODIC_JOBS: outbox sweep, retention) once
#            per interval; several replicas are safe (run_periodic --loop)
#   migrate  apply database migrations, then exit (a one-shot job before web is rolled out)
#   manage   any manage.py command, e.g. `manage createsuperuser`
# Settings come from the environment (README, "Betrieb").
set -eu

cd "$(dirname "$0")/../.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.production}"

command="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$command" in
  web)
    exec gunicorn --config scripts/container/gunicorn.conf.py config.wsgi:application "$@"
    ;;
  worker)
    exec python manage.py run_worker "$@"
    ;;
  mail)
    exec python manage.py send_queued_mail --loop "$@"
    ;;
  scheduler)
    exec python manage.py run_periodic --loop "$@"
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  *)
    echo "usage: entrypoint.sh web|worker|mail|scheduler|migrate|manage <command>" >&2
    exit 64
    ;;
esac
