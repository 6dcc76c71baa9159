# A bare Netty proxy (bench/bare-proxy) as a third gateway in the split suites: what nginx does there (TLS, the
# key check, 50/50 over the same two instances, keep-alive to them) on the Netty, epoll transport and BoringSSL
# that Sluice's gateway runs on, and nothing more. Against nginx it gives the floor of a JVM proxy here; against
# Sluice, what Sluice's gateway costs beyond it. Sourced by bench/run.sh.

BARE_PID=""

# start_bare_proxy PORT KEY1 KEY2 URL_A URL_B [CERT KEY]: runs it on the server's jars, as this script's child
# (the same scheduling group as everything else, see nginx.sh), with the server's collector.
start_bare_proxy() {
  local port="$1" key1="$2" key2="$3" url_a="$4" url_b="$5" cert="${6:--}" certkey="${7:--}"
  local lib="${SLUICE_LIB:-$ROOT/sluice-server/target/dist/lib}" log="$WORK/bare-proxy-$port.log"
  java -XX:+UseSerialGC -cp "$lib/*" "$ROOT/bench/bare-proxy/BareNettyProxy.java" \
    "$port" "$cert" "$certkey" "$key1" "$key2" "$url_a" "$url_b" >"$log" 2>&1 &
  BARE_PID=$!
  local waited=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$BARE_PID" 2>/dev/null || die "the bare Netty proxy did not start: $(tail -20 "$log")"
    sleep 0.2
    waited=$((waited + 1))
    [ "$waited" -lt 150 ] || die "the bare Netty proxy did not listen within 30 s"
  done
}

stop_bare_proxy() {
  if [ -n "$BARE_PID" ] && kill -0 "$BARE_PID" 2>/dev/null; then
    kill -TERM "$BARE_PID" 2>/dev/null || true
    wait "$BARE_PID" 2>/dev/null || true
  fi
  BARE_PID=""
}
