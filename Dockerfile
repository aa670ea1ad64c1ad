# chainmap service. Embedded store by default; set CHAINMAP_STORE=neo4j and NEO4J_* for Neo4j.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 chainmap
WORKDIR /app
# The runtime lock (hashes; the build backend included), then the project without deps.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY app app
COPY graph graph
COPY cypher cypher
COPY seeds seeds
COPY viz viz
RUN pip install --no-cache-dir --no-deps --no-build-isolation .

USER chainmap
ENV CHAINMAP_HOST=0.0.0.0 \
    CHAINMAP_PORT=8000 \
    CHAINMAP_DATA_DIR=/data \
    CHAINMAP_LOAD_SEED=true
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)" || exit 1
CMD ["chainmap", "serve"]
