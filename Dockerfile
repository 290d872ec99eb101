# cdnops as a container: the build stage compiles (npm ci, npm run build) and drops dev dependencies, the runtime
# stage carries only dist/, bin/ and production node_modules, and runs as a non-root user under tini.
#
#   docker build -t cdnops .
#   docker run -d --name cdnops -v cdnops-data:/data -v ./cdnops.yml:/app/cdnops.yml:ro \
#     -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN -p 9090:9090 cdnops
#
# BASE is any Debian bookworm image with Node 20 and npm at /usr/local (the official image's layout); CI builds
# one locally (scripts/container-check.sh) because no registry is reachable there.
ARG BASE=node:20-bookworm-slim

FROM ${BASE} AS build
# better-sqlite3 compiles its native module when no prebuilt binary can be downloaded: it needs a compiler, and
# node-gyp finds Node's headers under /usr/local/include/node instead of downloading them.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/prepare.js scripts/build.js scripts/bundle-bot.js scripts/
# Dependencies first, in a layer of their own: source edits do not re-install. prepare (the build) runs below,
# once the sources are here.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY bin bin
COPY src src
COPY sandbox sandbox
COPY demo demo
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM ${BASE} AS runtime
# tini as PID 1 forwards SIGTERM to cdnops (which stops within shutdownGrace) and reaps zombies; the image works
# the same under `docker run --init` or Kubernetes, which adds no init of its own.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cdnops \
 && useradd --system --uid 10001 --gid cdnops --home-dir /app --no-create-home --shell /usr/sbin/nologin cdnops \
 && mkdir -p /data \
 && chown cdnops:cdnops /data
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/bin bin
COPY --from=build /src/dist dist
COPY cdnops.example.yml manifest.yml ./
ENV NODE_ENV=production \
    CDNOPS_CONFIG=/app/cdnops.yml
# The SQLite store lives here (`store: /data/cdnops.db`); with PostgreSQL the volume stays empty.
VOLUME ["/data"]
USER cdnops
# 3000: Slack's Events API in HTTP mode. 9090: /healthz, /readyz and /metrics in Socket Mode.
EXPOSE 3000 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "bin/cdnops-healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/cdnops-server.js"]
