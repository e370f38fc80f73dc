# coopbot in a container: slim Python, a non-root user, the database on a volume, the health
# endpoint as HEALTHCHECK. Build: docker build -t coopbot . ; run: see compose.yaml.
FROM python:3.11-slim

# tzdata: the system's zone database too (coopbot also ships its own through the tzdata wheel).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/coopbot --shell /usr/sbin/nologin coopbot \
    && mkdir -p /var/lib/coopbot /var/lib/coopbot/backups \
    && chown -R coopbot:coopbot /var/lib/coopbot

WORKDIR /opt/coopbot
COPY . /opt/coopbot/src
RUN python -m venv /opt/coopbot/.venv \
    && /opt/coopbot/.venv/bin/pip install --no-cache-dir /opt/coopbot/src \
    && rm -rf /opt/coopbot/src

ENV PATH=/opt/coopbot/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    COOPBOT_STORAGE__PATH=/var/lib/coopbot/coopbot.sqlite3 \
    COOPBOT_LOGGING__FORMAT=json \
    COOPBOT_HEALTH__LISTEN=0.0.0.0:8080

USER coopbot
WORKDIR /var/lib/coopbot
VOLUME ["/var/lib/coopbot"]
EXPOSE 8080 8443

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["coopbot"]
CMD ["run"]
