# nginx as the reference gateway: the same key check, a 50/50 split_clients over the SAME two worker
# instances that Sluice routes to, keep-alive to them, and (for the TLS suite) the same certificate.
# Sourced by bench/run.sh.

NGINX_PID=""

# start_nginx DIR PORT KEY1 KEY2 URL_A URL_B [CERT KEY]: runs nginx as the current user with everything in DIR.
start_nginx() {
  local dir="$1" port="$2" key1="$3" key2="$4" url_a="$5" url_b="$6" cert="${7:-}" certkey="${8:-}"
  mkdir -p "$dir/logs" "$dir/tmp"
  local listen="listen 127.0.0.1:$port;" tls=""
  if [ -n "$cert" ]; then
    listen="listen 127.0.0.1:$port ssl;"
    tls="ssl_certificate $cert; ssl_certificate_key $certkey;"
  fi
  # nginx started by root hands its workers to 'nobody' unless told otherwise; keep them as whoever runs this.
  local user=""
  [ "$(id -u)" -ne 0 ] || user="user root;"
  # In the foreground, as this script's child: a daemon starts a session of its own, and Linux's autogroup
  # scheduler gives every session its own share of the CPU, so nginx would not compete with wrk and the workers
  # thread for thread, as Sluice's server (started from this session) does.
  cat >"$dir/nginx.conf" <<EOF
$user
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # nginx closes a client connection after 1000 requests by default (and its upstream ones likewise); Sluice
  # and wrk keep theirs, so let nginx keep them too instead of measuring its TLS handshakes.
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  # The key check: either of the endpoint's two keys, as Sluice accepts.
  map \$http_authorization \$key_ok {
    default 0;
    "Bearer $key1" 1;
    "Bearer $key2" 1;
  }
  split_clients "\${request_id}" \$deployment {
    50% blue;
    *    green;
  }
  upstream blue { server ${url_a#http://}; keepalive 128; keepalive_requests 1000000; }
  upstream green { server ${url_b#http://}; keepalive 128; keepalive_requests 1000000; }
  server {
    $listen
    $tls
    # The floor of any HTTP server here: a constant answer, body read and dropped, no key check (suite model).
    location = /floor {
      return 200 "{}";
    }
    location / {
      if (\$key_ok = 0) { return 401; }
      proxy_pass http://\$deployment/score;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
      add_header azureml-model-deployment \$deployment;
    }
  }
}
EOF
  nginx -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" -t >"$dir/logs/test.log" 2>&1 \
    || die "nginx refused its configuration: $(cat "$dir/logs/test.log")"
  nginx -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/logs/stderr.log" 2>&1 &
  NGINX_PID=$!
  local waited=0
  while [ ! -s "$dir/nginx.pid" ]; do
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx did not start: $(cat "$dir/logs/error.log" "$dir/logs/stderr.log")"
    sleep 0.1
    waited=$((waited + 1))
    [ "$waited" -lt 100 ] || die "nginx wrote no pid file"
  done
}

# The master and its workers, for CPU accounting.
nginx_pids() {
  echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
}

# Graceful stop; after 10 s the master is killed, so a stuck nginx cannot hold up the run.
stop_nginx() {
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    local guard
    (sleep 10; kill -KILL "$NGINX_PID" 2>/dev/null) &
    guard=$!
    wait "$NGINX_PID" 2>/dev/null || true
    kill "$guard" 2>/dev/null || true
  fi
  NGINX_PID=""
}
