# The API image. Build: docker build -t graph-api .  (docker-compose.yml builds it too.)
# Python 3.12: the Neo4j driver reads large answers about twice as fast as on 3.11.
FROM python:3.12-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md schema.graphql ./
COPY graph_api ./graph_api
COPY cypher ./cypher
COPY seeds ./seeds
# GraphiQL's own assets (no CDN) and the example it opens with.
COPY web/dist ./web/dist
COPY docs/queries ./docs/queries
# The service runs as a user of its own, which owns the data folder (the embedded store
# when GRAPH_API_STORE=embedded; Neo4j keeps its own data in its own container).
RUN pip install --no-cache-dir '.[otel]' && useradd --create-home app \
    && mkdir /data && chown app:app /data
ENV GRAPH_API_EMBEDDED_PATH=/data/embedded-graph
# API keys (hashed): create them with 'docker compose exec api graph-api keys create'.
ENV GRAPH_API_KEYS_FILE=/data/api-keys.json
VOLUME /data
USER app
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
# 0.0.0.0 inside the container, so the published port reaches it; docker-compose.yml
# publishes it on the host's loopback only.
CMD ["graph-api", "serve", "--host", "0.0.0.0"]
