#!/usr/bin/env bash
# CI proof that the release tarball runs as a user would run it (issue 20): `npm pack`, unpack it into an empty
# folder, `npm ci --omit=dev` there (production dependencies only, exactly the versions of the npm-shrinkwrap.json
# the tarball ships; no TypeScript, no tsx), start it with a minimal HTTP-mode config whose Slack and provider
# calls need not succeed, and expect GET /healthz to answer 200. better-sqlite3 compiles from source once
# (about a minute); npm's cache (--prefer-offline) spares the downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf 'pack check [%s s]: %s\n' "$SECONDS" "$*"; }
fail() {
  printf 'pack check FAILED [%s s]: %s\n' "$SECONDS" "$*" >&2
  exit 1
}

tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
[ -s "$work/$tarball" ] || fail "npm pack made no tarball"
step "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
# The listing goes to a file: `tar | grep -q` under pipefail fails when grep stops reading at the first match.
tar -tzf "$work/$tarball" >"$work/files.txt"
for file in package/npm-shrinkwrap.json package/dist/bot/main.js package/dist/src/cli/main.js package/bin/cdnops-server.js \
  package/LICENSE; do
  grep -qx "$file" "$work/files.txt" || fail "$file is not in the tarball"
done
if grep -qE '^package/(src|test|node_modules)/' "$work/files.txt"; then
  fail "the tarball carries src/, test/ or node_modules/"
fi

app="$work/app"
mkdir "$app"
tar -xzf "$work/$tarball" -C "$app" --strip-components=1
step "npm ci --omit=dev in an empty folder"
(cd "$app" && npm ci --omit=dev --prefer-offline --no-audit --no-fund) >"$work/install.log" 2>&1 ||
  fail "npm ci --omit=dev: $(tail -n 20 "$work/install.log")"
if grep -q 'install-scripts' "$work/install.log"; then
  fail "npm warned about install scripts: $(grep install-scripts "$work/install.log")"
fi
for dev in typescript tsx esbuild vitest; do
  [ ! -e "$app/node_modules/$dev" ] || fail "development dependency $dev was installed"
done

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
cat >"$app/cdnops.yml" <<'YAML'
store: ./data/cdnops.db
providers:
  tencent-main:
    kind: tencent
    secretId: AKIDpackcheck000000000000000000000000
    secretKey: ${TENCENT_SECRET_KEY}
    endpoint: http://127.0.0.1:9/
channels:
  C0PACKCHECK: { role: admin }
users:
  U0PACKCHECK: admin
YAML
step "npm start (HTTP mode on port $port)"
(
  cd "$app"
  exec env -i PATH="$PATH" HOME="$work" SLACK_BOT_TOKEN=xoxb-pack-check SLACK_SIGNING_SECRET=pack-check-signing \
    SLACK_API_URL=http://127.0.0.1:9/api/ TENCENT_SECRET_KEY=pack-check-tencent-key PORT="$port" npm start
) >"$work/start.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)" = 200 ]; then
    step "GET /healthz answered 200; passed"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || fail "npm start exited: $(tail -n 20 "$work/start.log")"
  sleep 0.5
done
fail "GET /healthz did not answer 200 within 60 s: $(tail -n 20 "$work/start.log")"
