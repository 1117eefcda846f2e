#!/bin/sh
# Start command of skiff-examples/guestbook-redis-slave: a Redis replica of the redis-master Service,
# found like the original gb-redisslave image does: from the Service's environment variable when
# GET_HOSTS_FROM=env, else by its DNS name.
set -eu
master=redis-master
if [ "${GET_HOSTS_FROM:-dns}" = env ]; then
  if [ -n "${REDIS_MASTER_SERVICE_HOST:-}" ]; then
    master=$REDIS_MASTER_SERVICE_HOST
  else
    # Pods get a Service's variables only if it existed when they started.
    echo "run.sh: GET_HOSTS_FROM=env but REDIS_MASTER_SERVICE_HOST is not set (create the redis-master Service first); trying the DNS name redis-master" >&2
  fi
fi
echo "run.sh: replicating from $master:6379" >&2
exec redis-server --replicaof "$master" 6379 --protected-mode no --bind 0.0.0.0
