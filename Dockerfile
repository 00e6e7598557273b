# syntax=docker/dockerfile:1
# The processors image: every command of the `processors` CLI, with Tesseract and
# its Japanese model, run as an unprivileged user from a read-only root.
#
#   docker build -t supplier/processors .
#   docker run supplier/processors run --job maisoku_reader

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# Build: wheels for anything without a binary one for this platform.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# The dependencies first, so a code change does not rebuild them.
COPY pyproject.toml README.md ./
RUN mkdir processors && touch processors/__init__.py \
    && pip install --no-cache-dir . \
    && pip uninstall -y processors
COPY processors ./processors
RUN pip install --no-cache-dir --no-deps .

# Runtime: the virtual environment, Tesseract with jpn, CJK fonts; no compiler.
FROM ${PYTHON_IMAGE} AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr \
        tesseract-ocr-jpn \
        fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 processors \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
        --home-dir /app --shell /usr/sbin/nologin processors
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Owned by the user, so a volume mounted here starts writable for it.
RUN mkdir /app/var && chown 10001:10001 /app/var
COPY topics.yaml ./
COPY schemas ./schemas
# The root filesystem is read-only in the cluster: caches and temporary files go
# to /tmp, documents and the SQLite job store to /app/var (both volumes there).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/cache \
    PROCESSORS_TOPICS_FILE=/app/topics.yaml \
    PROCESSORS_SCHEMAS_DIR=/app/schemas \
    PROCESSORS_HEALTH_PORT=9090
EXPOSE 9090
USER 10001:10001
# Workers answer on /livez; the tracker, dashboard and one-off commands serve no
# endpoint, so their deployments turn this check off or replace it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "processors.runtime.health_probe", "livez"]
ENTRYPOINT ["processors"]
CMD ["--help"]
