# guestbook.php: the guestbook's API, a shell CGI script (busybox httpd runs *.php with /bin/sh, see
# /etc/httpd.conf), answering as the original PHP frontend did:
#   GET /guestbook.php?cmd=set&key=K&value=V   stores V under K on the master   -> {"message": "Updated"}
#   GET /guestbook.php?cmd=get&key=K           reads K from a replica          -> {"data": "V"}
# Redis hosts: $REDIS_MASTER_SERVICE_HOST and $REDIS_SLAVE_SERVICE_HOST when GET_HOSTS_FROM=env, else the
# Services' DNS names redis-master and redis-slave.
# Safety: query text is never evaluated; each decoded value reaches redis-cli as one quoted argument
# after the command name (where redis-cli parses no options), and replies are escaped as JSON strings.
set -f
export LC_ALL=C

# reply STATUS JSON
reply() {
  printf 'Status: %s\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n\r\n%s\n' "$1" "$2"
  exit 0
}

# Reads bytes on stdin and prints them as a JSON string literal; the input's final newline (which
# redis-cli adds to every reply) is not part of the value.
json_string() {
  awk 'BEGIN {
      for (i = 1; i < 32; i++) esc[sprintf("%c", i)] = sprintf("\\u%04x", i)
      esc["\""] = "\\\""; esc["\\"] = "\\\\"; esc["\t"] = "\\t"; esc["\r"] = "\\r"
      printf "%s", "\""
    }
    {
      if (NR > 1) printf "%s", "\\n"
      n = length($0)
      for (i = 1; i <= n; i++) { c = substr($0, i, 1); printf "%s", ((c in esc) ? esc[c] : c) }
    }
    END { printf "%s", "\"" }'
}

# fail STATUS MESSAGE: logs and answers {"error": MESSAGE}
fail() {
  echo "guestbook.php: $2" >&2
  reply "$1" "{\"error\": $(printf '%s\n' "$2" | json_string)}"
}

# param NAME: sets REPLY to the URL-decoded value of query parameter NAME (every byte kept, trailing
# newlines too); returns 1 when the query has no such parameter.
param() {
  _ifs=$IFS
  IFS='&'
  for _pair in $QUERY_STRING; do
    IFS=$_ifs
    [ "$(httpd -d "${_pair%%=*}")" = "$1" ] || continue
    case $_pair in *=*) _raw=${_pair#*=} ;; *) _raw= ;; esac
    REPLY=$(httpd -d "$_raw"; echo x)
    REPLY=${REPLY%x}
    return 0
  done
  IFS=$_ifs
  return 1
}

# redis HOST ARGS...: runs one command; -e makes an error reply fail too; the timeout bounds a host
# that does not answer at all.
redis() {
  _host=$1
  shift
  timeout 10 redis-cli -e --raw -h "$_host" -p 6379 "$@" </dev/null
}

master=redis-master
slave=redis-slave
if [ "${GET_HOSTS_FROM:-dns}" = env ]; then
  master=${REDIS_MASTER_SERVICE_HOST:-$master}
  slave=${REDIS_SLAVE_SERVICE_HOST:-$slave}
fi

param cmd || fail '400 Bad Request' 'missing cmd: use ?cmd=set&key=K&value=V or ?cmd=get&key=K'
cmd=$REPLY
param key || fail '400 Bad Request' 'missing key'
key=$REPLY

case $cmd in
  set)
    param value || REPLY=
    if out=$(redis "$master" SET "$key" "$REPLY" 2>&1) && [ "$out" = OK ]; then
      reply '200 OK' '{"message": "Updated"}'
    fi
    fail '503 Service Unavailable' "SET on redis master $master failed: $out"
    ;;
  get)
    # the x keeps the reply's trailing newlines, which $(...) would strip
    if out=$(redis "$slave" GET "$key" 2>&1; rc=$?; echo x; exit $rc); then
      reply '200 OK' "{\"data\": $(printf '%s' "${out%x}" | json_string)}"
    fi
    fail '503 Service Unavailable' "GET on redis replica $slave failed: $(printf '%s' "${out%x}")"
    ;;
  *)
    fail '400 Bad Request' "unknown cmd (use set or get)"
    ;;
esac
