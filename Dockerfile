# bnb-route in a container: `python -m bot run` (every platform whose token is set).
#   docker build -t bnb-route .
#   docker run -d --name bnb-route --stop-timeout 40 --env-file .env -v bnb-route-data:/data bnb-route
# The record is a SQLite file in /data (a volume) unless DATABASE_URL names a database;
# compose.yaml runs it beside PostgreSQL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_DATA_DIR=/data \
    BOT_CONTENT=/app/content

# an unprivileged user, owning only the data folder (the code and content stay read-only to it)
RUN useradd --system --uid 10001 --create-home --home-dir /home/bnbroute bnbroute \
    && mkdir /data && chown bnbroute:bnbroute /data

WORKDIR /app
# the pinned dependencies first, so changing the code or content does not reinstall them
COPY requirements.txt ./
RUN grep -v '^\.$' requirements.txt > /tmp/pins.txt && pip install -r /tmp/pins.txt && rm /tmp/pins.txt
COPY pyproject.toml README.md LICENSE ./
COPY intents ./intents
COPY bot ./bot
COPY content ./content
RUN pip install --no-deps . && python -m bot check

USER bnbroute
VOLUME ["/data"]
# webhook mode: GET /healthz on PORT; long polling: the offline `python -m bot doctor` checks
HEALTHCHECK --interval=60s --timeout=20s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.app.healthcheck"]
CMD ["python", "-m", "bot", "run"]
