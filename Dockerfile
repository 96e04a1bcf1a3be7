# The API image. Build: docker build -t graph-api .  (docker-compose.yml builds it too.)
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md schema.graphql ./
COPY graph_api ./graph_api
COPY cypher ./cypher
COPY seeds ./seeds
RUN pip install --no-cache-dir . && useradd --create-home app
USER app
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
CMD ["graph-api", "serve", "--host", "0.0.0.0"]
