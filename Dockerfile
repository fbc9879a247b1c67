# Flowgate: multi-stage build, runs as a non-root user, health checked on /health_check.
# (Not built by this repository's CI, which has no Docker daemon; test/unit/deploy-files.test.ts
# checks what it names and runs its HEALTHCHECK command against a server; docs/deployment.md.)
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    LANGFLOW_HOST=0.0.0.0 \
    LANGFLOW_PORT=7860 \
    LANGFLOW_CONFIG_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
RUN useradd --system --uid 10001 --home /data flowgate && mkdir -p /data && chown flowgate /data
USER flowgate
VOLUME /data
EXPOSE 7860
# 503 (the database unreachable) is unhealthy too; the port follows LANGFLOW_PORT if it is changed.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.LANGFLOW_PORT||7860)+'/health_check').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node is PID 1 and receives SIGTERM itself. The flag is the one bin/flowgate.js
# starts node with (a smaller young generation: less memory at no measured cost).
CMD ["node", "--max-semi-space-size=2", "dist/src/main.js", "run"]
