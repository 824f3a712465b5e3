#!/usr/bin/env bash
# Regenerates fixtures/formats/ (see fixtures/README.md for where each file comes from):
#   - real tools from Debian run against scripts/test-server.mjs on 127.0.0.1: hey, ab (apache2-utils), JMeter
#     (jmeter, jmeter-http), nginx, Apache httpd (apache2), HAProxy (haproxy), Caddy (caddy), and the HdrHistogram Java reference
#     (libhdrhistogram-java) for .hgrm;
#   - fixtures written from the documented formats of tools Debian does not have (k6, vegeta, Gatling, Envoy,
#     wrk2, AWS ALB, CloudFront, IIS, Traefik), by scripts/make-documented-fixtures.mjs, and vegeta's binary (gob) results by encoding/gob from
#     vegeta's Result type (scripts/vegeta/gob-results.go, needs golang-go).
# Loopback only, a few hundred requests per tool, about a minute in all. Runs as any user; Apache refuses to
# serve as root, so it switches to www-data when started as root (its logs are opened before that).
#
#   scripts/make-format-fixtures.sh [hey] [ab] [jmeter] [nginx] [apache] [haproxy] [caddy] [hgrm] [documented]
#   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/fixtures/formats
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

WANTED=("$@")
[ ${#WANTED[@]} -eq 0 ] && WANTED=(hey ab jmeter nginx apache haproxy caddy hgrm documented)
wanted() { [[ " ${WANTED[*]} " == *" $1 "* ]]; }
have() {
  if command -v "$1" >/dev/null 2>&1 || [ -e "$1" ]; then return 0; fi
  echo "skipping $2: $1 is not installed (apt-get install $3)" >&2
  return 1
}
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for_port() {
  for _ in $(seq 100); do
    if node -e 'require("net").connect(+process.argv[1],"127.0.0.1").on("connect",()=>process.exit(0)).on("error",()=>process.exit(1))' "$1"; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  return 1
}

# The test server: seeded lognormal delays per route (see its header comment).
node scripts/test-server.mjs --seed 7 >"$WORK/server.out" &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/listening/ {print $2}' "$WORK/server.out")
APP="http://127.0.0.1:$PORT"
echo "test server on $APP" >&2

if wanted hey && have hey hey hey; then
  mkdir -p "$OUT/hey"
  hey -n 400 -c 4 -o csv "$APP/api/flaky" >"$OUT/hey/flaky.csv"
  # Eight workers sending as fast as they can, for coordinated-omission detection: no stall, and a second test
  # server that stalls for 1.2 s when its 2,000th request arrives.
  hey -n 4000 -c 8 -o csv "$APP/api/search" >"$OUT/hey/c8-search.csv"
  node scripts/test-server.mjs --seed 7 --stall-after 2000 --stall-for 1200 >"$WORK/stalling.out" &
  PIDS+=($!)
  for _ in $(seq 100); do grep -q listening "$WORK/stalling.out" 2>/dev/null && break; sleep 0.1; done
  hey -n 4000 -c 8 -o csv "http://127.0.0.1:$(awk '/listening/ {print $2}' "$WORK/stalling.out")/api/search" >"$OUT/hey/c8-search-stall.csv"
fi

if wanted ab && have ab ab apache2-utils; then
  mkdir -p "$OUT/ab"
  # 301 requests: for every percentile ab prints, n·p/100 is not a whole number, so ab's pick (index ⌊n·p/100⌋)
  # is the nearest-rank percentile and its summary can be compared with latstat's.
  ab -n 301 -c 4 -g "$OUT/ab/users.tsv" "$APP/api/users" >"$OUT/ab/users.ab-output.txt"
fi

if wanted jmeter && have /usr/share/jmeter/bin/ApacheJMeter.jar jmeter "jmeter jmeter-http"; then
  mkdir -p "$OUT/jtl" "$WORK/jmeter"
  CP="/usr/share/jmeter/bin/ApacheJMeter.jar:$(ls /usr/share/jmeter/lib/ext/*.jar /usr/share/jmeter/lib/*.jar | tr '\n' ':')"
  javac -cp "$CP" -d "$WORK/jmeter" scripts/jmeter/PermissiveJMeter.java
  run_jmeter() {
    local out=$1
    shift
    rm -f "$out"
    (cd "$WORK" && java -cp "$WORK/jmeter:$CP" -Djmeter.home=/usr/share/jmeter PermissiveJMeter -n -t "$ROOT/scripts/jmeter/plan.jmx" \
      -l "$out" -j "$WORK/jmeter.log" -Jport="$PORT" "$@") | grep '^summary =' >"${out%.*}.summary.txt"
  }
  S=jmeter.save.saveservice
  # JMeter 2.13's defaults: CSV, no header, 12 columns.
  run_jmeter "$OUT/jtl/default-2.13.csv" -Jloops=60
  # A header and the columns JMeter 5.x saves by default (all but sentBytes, which 2.13 cannot write).
  run_jmeter "$OUT/jtl/header.csv" -Jloops=60 -J$S.print_field_names=true -J$S.assertion_results_failure_message=true \
    -J$S.url=true -J$S.idle_time=true -J$S.connect_time=true
  # XML: redirects are followed, so "GET redirect" samples hold two nested sub-samples.
  run_jmeter "$OUT/jtl/results.xml" -Jloops=30 -J$S.output_format=xml -J$S.connect_time=true
fi

if wanted nginx && have nginx nginx nginx; then
  mkdir -p "$OUT/nginx" "$WORK/nginx"
  NGINX_PORT=$(free_port)
  DEAD_PORT=$(free_port) # nothing listens there: nginx tries it, fails, and retries on the test server
  rm -f "$OUT/nginx/combined-request-time.log" "$OUT/nginx/timing.log"
  cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
error_log $WORK/nginx/error.log;
pid $WORK/nginx/nginx.pid;
events { worker_connections 64; }
http {
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  log_format combined_request_time '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent "\$http_referer" "\$http_user_agent" \$request_time';
  log_format timing '\$time_iso8601 \$connection "\$request" \$status rt=\$request_time urt="\$upstream_response_time" uct="\$upstream_connect_time"';
  upstream app { server 127.0.0.1:$PORT; keepalive 8; }
  upstream app_with_dead_peer { server 127.0.0.1:$DEAD_PORT max_fails=0; server 127.0.0.1:$PORT max_fails=0; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    access_log $OUT/nginx/combined-request-time.log combined_request_time;
    access_log $OUT/nginx/timing.log timing;
    location /static/ { return 200 "static\n"; }
    location /retry/ { proxy_pass http://app_with_dead_peer/; }
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/nginx/error.log" &
  NGINX_PID=$!
  PIDS+=($NGINX_PID)
  wait_for_port "$NGINX_PORT"
  N="http://127.0.0.1:$NGINX_PORT"
  hey -n 100 -c 4 "$N/api/users" >/dev/null
  hey -n 60 -c 4 "$N/api/orders" >/dev/null
  hey -n 100 -c 4 "$N/api/flaky" >/dev/null
  hey -n 20 -c 2 "$N/missing" >/dev/null
  hey -n 20 -c 2 "$N/static/logo.txt" >/dev/null
  hey -n 50 -c 2 "$N/retry/api/search?q=latency" >/dev/null
  kill "$NGINX_PID"
  wait "$NGINX_PID" 2>/dev/null || true
fi

if wanted apache && have apache2 "Apache httpd" apache2; then
  mkdir -p "$OUT/apache" "$WORK/apache"
  APACHE_PORT=$(free_port)
  M=/usr/lib/apache2/modules
  rm -f "$OUT/apache/combined-D.log" "$OUT/apache/msec-ms.log"
  cat >"$WORK/apache/httpd.conf" <<EOF
ServerRoot $WORK/apache
ServerName 127.0.0.1
Listen 127.0.0.1:$APACHE_PORT
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule proxy_module $M/mod_proxy.so
LoadModule proxy_http_module $M/mod_proxy_http.so
User www-data
Group www-data
PidFile $WORK/apache/httpd.pid
ErrorLog $WORK/apache/error.log
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D" combined_D
LogFormat "%{msec}t %>s \"%r\" %{ms}T %k" msec_ms
CustomLog $OUT/apache/combined-D.log combined_D
CustomLog $OUT/apache/msec-ms.log msec_ms
ProxyPass "/" "$APP/"
EOF
  apache2 -f "$WORK/apache/httpd.conf" -DFOREGROUND &
  APACHE_PID=$!
  PIDS+=($APACHE_PID)
  wait_for_port "$APACHE_PORT"
  A="http://127.0.0.1:$APACHE_PORT"
  ab -n 120 -c 4 "$A/api/users" >/dev/null
  hey -n 100 -c 4 "$A/api/flaky" >/dev/null
  hey -n 60 -c 4 "$A/api/search?q=x" >/dev/null
  hey -n 20 -c 2 "$A/missing" >/dev/null
  kill -TERM "$APACHE_PID"
  wait "$APACHE_PID" 2>/dev/null || true
fi

if wanted haproxy && have haproxy HAProxy haproxy; then
  mkdir -p "$OUT/haproxy" "$WORK/haproxy"
  HTTP_PORT=$(free_port)
  TCP_PORT=$(free_port)
  DEAD_PORT=$(free_port) # nothing listens there: requests to /dead/ fail to connect (503, Tc = -1)
  # /moved is answered by HAProxy itself (302, termination state LR--: timers -1 without a failure).
  # The HTTP log as HAProxy writes it to a file (format raw); the TCP log as syslog hands it on (rfc3164:
  # "<pri>date haproxy[pid]: " before the fields).
  cat >"$WORK/haproxy/haproxy.cfg" <<EOF
global
  log stdout format raw local0
defaults
  log global
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend web
  mode http
  option httplog
  bind 127.0.0.1:$HTTP_PORT
  http-request redirect location /api/users code 302 if { path /moved }
  use_backend dead if { path_beg /dead/ }
  use_backend impatient if { path_beg /api/search }
  default_backend app
backend app
  mode http
  server app1 127.0.0.1:$PORT
backend impatient
  mode http
  timeout server 25ms
  server app1 127.0.0.1:$PORT
backend dead
  mode http
  retries 0
  server gone 127.0.0.1:$DEAD_PORT
frontend tcpin
  mode tcp
  option tcplog
  log stdout format rfc3164 local0
  bind 127.0.0.1:$TCP_PORT
  default_backend apptcp
backend apptcp
  mode tcp
  server app1 127.0.0.1:$PORT
EOF
  haproxy -db -f "$WORK/haproxy/haproxy.cfg" >"$WORK/haproxy/all.log" &
  HAPROXY_PID=$!
  PIDS+=($HAPROXY_PID)
  wait_for_port "$HTTP_PORT"
  H="http://127.0.0.1:$HTTP_PORT"
  hey -n 150 -c 4 "$H/api/users" >/dev/null
  hey -n 80 -c 4 "$H/api/orders" >/dev/null
  hey -n 100 -c 4 "$H/api/flaky" >/dev/null
  hey -n 20 -c 2 "$H/missing" >/dev/null
  hey -n 10 -c 2 "$H/moved" >/dev/null
  hey -n 10 -c 2 "$H/dead/x" >/dev/null
  # /api/search (median 20 ms) behind a 25 ms server timeout: HAProxy gives up on the slow ones (504, Tr = -1).
  hey -n 40 -c 2 "$H/api/search?q=slow" >/dev/null
  hey -n 60 -c 3 -disable-keepalive "http://127.0.0.1:$TCP_PORT/api/users" >/dev/null
  sleep 0.5
  kill "$HAPROXY_PID"
  wait "$HAPROXY_PID" 2>/dev/null || true
  grep -v ' tcpin ' "$WORK/haproxy/all.log" >"$OUT/haproxy/http.log"
  grep "^<.* tcpin " "$WORK/haproxy/all.log" >"$OUT/haproxy/tcp.log"
fi

if wanted caddy && have caddy Caddy caddy; then
  mkdir -p "$OUT/caddy" "$WORK/caddy"
  CADDY_PORT=$(free_port)
  rm -f "$OUT/caddy/access.log"
  cat >"$WORK/caddy/Caddyfile" <<EOF
{
  admin off
  auto_https off
  storage file_system $WORK/caddy/data
}
http://127.0.0.1:$CADDY_PORT {
  log {
    output file $OUT/caddy/access.log
    format json
  }
  respond /static/* "static" 200
  reverse_proxy 127.0.0.1:$PORT
}
EOF
  HOME="$WORK/caddy" XDG_DATA_HOME="$WORK/caddy" XDG_CONFIG_HOME="$WORK/caddy" caddy run --config "$WORK/caddy/Caddyfile" --adapter caddyfile >"$WORK/caddy/caddy.out" 2>&1 &
  CADDY_PID=$!
  PIDS+=($CADDY_PID)
  wait_for_port "$CADDY_PORT"
  C="http://127.0.0.1:$CADDY_PORT"
  hey -n 150 -c 4 "$C/api/users" >/dev/null
  hey -n 80 -c 4 "$C/api/orders" >/dev/null
  hey -n 100 -c 4 "$C/api/flaky" >/dev/null
  hey -n 20 -c 2 "$C/missing" >/dev/null
  hey -n 20 -c 2 "$C/static/logo.txt" >/dev/null
  hey -n 30 -c 2 "$C/api/search?q=latency" >/dev/null
  kill "$CADDY_PID"
  wait "$CADDY_PID" 2>/dev/null || true
fi

if wanted hgrm && have /usr/share/java/hdrhistogram.jar "HdrHistogram" libhdrhistogram-java; then
  mkdir -p "$OUT/hgrm" "$WORK/hgrm"
  javac -cp /usr/share/java/hdrhistogram.jar -d "$WORK/hgrm" scripts/hgrm/PercentileSpectrum.java
  # The latencies of the hey fixture, in ns, through the Java reference, printed in ms (5 ticks per half).
  [ -f "$OUT/hey/flaky.csv" ] || { echo "hgrm needs fixtures/formats/hey/flaky.csv (run hey first)" >&2; exit 1; }
  awk -F, 'NR > 1 { printf "%d\n", $1 * 1e9 + 0.5 }' "$OUT/hey/flaky.csv" >"$WORK/hgrm/ns.txt"
  java -cp "$WORK/hgrm:/usr/share/java/hdrhistogram.jar" PercentileSpectrum <"$WORK/hgrm/ns.txt" >"$OUT/hgrm/hey-flaky.hgrm"
  java -cp "$WORK/hgrm:/usr/share/java/hdrhistogram.jar" PercentileSpectrum --csv <"$WORK/hgrm/ns.txt" >"$OUT/hgrm/hey-flaky.csv.hgrm"
fi

if wanted documented; then
  node scripts/make-documented-fixtures.mjs
  if have go "vegeta's binary results" golang-go; then
    (cd "$WORK" && GO111MODULE=off go run "$ROOT/scripts/vegeta/gob-results.go") >"$OUT/vegeta/results.gob"
  fi
fi

du -ab "$OUT" | sort -k2 >&2
