# syntax=docker/dockerfile:1
# Beteiligungs- und Ideenplattform Kleve: the production image.
#   docker build -t beteiligung-kleve .
#   docker run beteiligung-kleve migrate   # once per release, before the web servers
#   docker run beteiligung-kleve web       # the default: gunicorn on port 8000
#   docker run beteiligung-kleve worker    # background tasks
# Settings come from the environment (README, "Betrieb").

ARG PYTHON_VERSION=3.11

# --- build: a virtual environment with the site's packages, compiled messages, static files --
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN python manage.py compilemessages -l de --ignore=.venv --ignore=node_modules \
 && DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY=collectstatic-only ACCESSIBILITY_FEEDBACK_EMAIL=build@localhost \
    SINGLE_PROCESS=true STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput \
 && python -m compileall -q /app

# --- runtime: slim, no compilers, a user without a login and without rights on the code -----
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /nonexistent --shell /usr/sbin/nologin app \
 && mkdir -p /data/media && chown app:app /data/media
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# Liveness only: readiness depends on the database, and a container runtime would restart a
# healthy container while PostgreSQL is away. Orchestrators use /-/health/ready for traffic.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/-/health/live', timeout=2)"]
ENTRYPOINT ["/app/scripts/container/entrypoint.sh"]
CMD ["web"]
