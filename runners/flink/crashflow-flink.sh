#!/usr/bin/env bash
# crashflow on a Flink 1.19 session cluster (configured as runners/flink/config.yaml):
#
#   crashflow-flink.sh submit --flink-master HOST:PORT [options] [-- crashflow run options...]
#   crashflow-flink.sh stop   --flink-master HOST:PORT (--job-id ID | --job-name NAME) [--savepoint-dir URI] [--drain]
#   crashflow-flink.sh status --flink-master HOST:PORT
#
# submit runs `java -jar target/crashflow.jar run --runner=FlinkRunner --flinkMaster=...`: Beam
# translates the pipeline and uploads the shaded jar to the cluster. Streaming jobs (Pub/Sub, or
# Kafka without --kafkaMaxRecords) are submitted detached with checkpointing on; batch jobs
# (files, replays, backfills) run attached and print crashflow's summary at the end.
# stop and status talk to the JobManager's REST API with curl; stop takes a savepoint and stops
# the job (see the README's "Flink cluster" section for updating and draining safely).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
prog="crashflow-flink.sh"

usage() {
  cat <<EOF
usage: $prog submit --flink-master HOST:PORT [options] [-- crashflow run options...]
       $prog stop   --flink-master HOST:PORT (--job-id ID | --job-name NAME) [--savepoint-dir URI] [--drain]
       $prog status --flink-master HOST:PORT

submit options:
  --flink-master HOST:PORT        the JobManager's REST endpoint (or \$FLINK_MASTER)
  --parallelism N                 parallel instances of every step (default 4: two 2-slot TaskManagers)
  --checkpointing-interval MS     streaming checkpoint interval in ms, at least 1000 (default 60000)
  --jar PATH                      the shaded jar (default: target/crashflow.jar, or \$CRASHFLOW_JAR)
  --job-name NAME                 Flink job name (default crashflow); stop --job-name finds it
  --savepoint PATH                start from this savepoint or retained checkpoint
  --allow-non-restored-state      let --savepoint skip state of steps that no longer exist
  --dry-run                       print the command instead of running it
stop options:
  --savepoint-dir URI             where to write the savepoint (default: the cluster's state.savepoints.dir)
  --drain                         emit the final watermark first (closes all windows): for retiring a
                                  job, not for an update
Everything after -- goes to 'crashflow run' (e.g. --inputType=kafka --kafkaTopic=crashes ...).
EOF
}

die() {
  echo "$prog: $*" >&2
  exit 2
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

check_master() {
  [ -n "$master" ] || die "--flink-master HOST:PORT is required (the JobManager's REST endpoint, default port 8081)"
  [[ "$master" =~ ^[A-Za-z0-9._-]+:[0-9]+$ ]] || die "--flink-master must be HOST:PORT, got '$master'"
  local port="${master##*:}"
  ((port >= 1 && port <= 65535)) || die "--flink-master port must be 1-65535, got $port"
}

rest() { # METHOD PATH [JSON]
  local out
  if [ $# -ge 3 ]; then
    out="$(curl -sS --fail-with-body -X "$1" -H 'Content-Type: application/json' -d "$3" "http://$master$2" 2>&1)" \
      || die "$1 http://$master$2 failed: $out"
  else
    out="$(curl -sS --fail-with-body -X "$1" "http://$master$2" 2>&1)" || die "$1 http://$master$2 failed: $out"
  fi
  printf '%s' "$out"
}

require_cluster() {
  command -v curl >/dev/null 2>&1 || die "curl is needed to talk to the Flink REST API"
  local overview
  overview="$(curl -sS --max-time 10 "http://$master/overview" 2>&1)" \
    || die "no Flink JobManager answers at http://$master ($overview); is the cluster up and is this its REST port?"
  [[ "$overview" == *'"flink-version"'* ]] || die "http://$master/overview is not a Flink REST API: $overview"
  [[ "$overview" == *'"flink-version":"1.19.'* ]] \
    || echo "$prog: warning: the cluster is not Flink 1.19 ($overview); crashflow is built for 1.19" >&2
}

# Prints "<jid> <state> <name>" per job (Flink's compact JSON, no jq needed).
jobs_table() {
  rest GET /jobs/overview | tr '{' '\n' | sed -n 's/.*"jid":"\([0-9a-f]*\)","name":"\([^"]*\)".*"state":"\([A-Z_]*\)".*/\1 \3 \2/p'
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
master="${FLINK_MASTER:-}"
parallelism=4
interval=60000
jar="${CRASHFLOW_JAR:-$here/../../target/crashflow.jar}"
job_name="crashflow"
job_id=""
savepoint=""
savepoint_dir=""
allow_non_restored=false
dry_run=false
drain=false
pipeline_args=()

case "$cmd" in
  submit | stop | status) ;;
  -h | --help | help)
    usage
    exit 0
    ;;
  "") usage >&2; exit 2 ;;
  *) echo "$prog: unknown command '$cmd'" >&2; usage >&2; exit 2 ;;
esac

while [ $# -gt 0 ]; do
  arg="$1"
  case "$arg" in
    --) shift; pipeline_args=("$@"); break ;;
    --*=*) name="${arg%%=*}"; value="${arg#*=}"; shift ;;
    --dry-run | --drain | --allow-non-restored-state) name="$arg"; value=""; shift ;;
    --*) name="$arg"; [ $# -ge 2 ] || die "$name needs a value"; value="$2"; shift 2 ;;
    *) die "unexpected argument '$arg' (crashflow options go after --)" ;;
  esac
  case "$cmd:$name" in
    *:--flink-master) master="$value" ;;
    submit:--parallelism) parallelism="$value" ;;
    submit:--checkpointing-interval) interval="$value" ;;
    submit:--jar) jar="$value" ;;
    submit:--job-name | stop:--job-name) job_name="$value" ;;
    submit:--savepoint) savepoint="$value" ;;
    submit:--allow-non-restored-state) allow_non_restored=true ;;
    submit:--dry-run) dry_run=true ;;
    stop:--job-id) job_id="$value" ;;
    stop:--savepoint-dir) savepoint_dir="$value" ;;
    stop:--drain) drain=true ;;
    *) die "$cmd does not take $name (see --help)" ;;
  esac
done

check_master

if [ "$cmd" = status ]; then
  require_cluster
  jobs_table
  exit 0
fi

if [ "$cmd" = stop ]; then
  require_cluster
  if [ -z "$job_id" ]; then
    job_id="$(jobs_table | awk -v n="$job_name" '$2 == "RUNNING" && $3 == n { print $1 }')"
    [ -n "$job_id" ] || die "no RUNNING job named '$job_name' (use --job-id; '$prog status' lists jobs)"
    [ "$(wc -w <<<"$job_id")" -eq 1 ] || die "several RUNNING jobs are named '$job_name': pass --job-id"
  fi
  [[ "$job_id" =~ ^[0-9a-f]{32}$ ]] || die "--job-id must be a 32-digit hex Flink job id, got '$job_id'"
  body="{\"drain\": $drain"
  [ -n "$savepoint_dir" ] && body="$body, \"targetDirectory\": \"$savepoint_dir\""
  body="$body}"
  trigger="$(rest POST "/jobs/$job_id/stop" "$body" | sed -n 's/.*"request-id":"\([^"]*\)".*/\1/p')"
  [ -n "$trigger" ] || die "the JobManager did not accept the stop request for $job_id"
  echo "$prog: stopping $job_id with a savepoint..." >&2
  for _ in $(seq 1 600); do
    status="$(rest GET "/jobs/$job_id/savepoints/$trigger")"
    case "$status" in
      *'"id":"COMPLETED"'*)
        location="$(sed -n 's/.*"location":"\([^"]*\)".*/\1/p' <<<"$status")"
        if [ -z "$location" ]; then
          die "savepoint failed: $status"
        fi
        echo "$location"
        exit 0
        ;;
    esac
    sleep 1
  done
  die "the savepoint of $job_id did not complete in 10 minutes; the job may still be running"
fi

# submit
is_uint "$parallelism" && ((parallelism >= 1)) || die "--parallelism must be a whole number of at least 1, got '$parallelism'"
is_uint "$interval" && ((interval >= 1000)) || die "--checkpointing-interval must be milliseconds, at least 1000, got '$interval'"
[[ "$job_name" =~ ^[A-Za-z0-9._-]+$ ]] || die "--job-name may hold letters, digits, '.', '_' and '-', got '$job_name'"
[ -f "$jar" ] || die "no crashflow jar at $jar: build it with 'mvn -DskipTests package' or pass --jar"
command -v java >/dev/null 2>&1 || die "java is not on the PATH (crashflow needs Java 17)"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
[ "${java_major:-0}" -ge 17 ] || die "crashflow needs Java 17 or later, found ${java_major:-none}"

streaming=false
kafka=false
kafka_bounded=false
for a in "${pipeline_args[@]+"${pipeline_args[@]}"}"; do
  case "$a" in
    --runner=* | --flinkMaster=* | --parallelism=* | --checkpointingInterval=* | --jobName=* | --savepointPath=* | --attachedMode=*)
      die "'$a' is set by $prog itself: use its own options (see --help)" ;;
    --inputType=pubsub) streaming=true ;;
    --inputType=kafka) kafka=true ;;
    --kafkaMaxRecords=0) ;;
    --kafkaMaxRecords=*) kafka_bounded=true ;;
    --streaming | --streaming=true) streaming=true ;;
  esac
done
if $kafka && ! $kafka_bounded; then
  streaming=true
fi
if [ -n "$savepoint" ] && ! $streaming; then
  die "--savepoint restores streaming state; this is a batch run (files, or Kafka with --kafkaMaxRecords)"
fi

# --append: never clear earlier local outputs (an update from a savepoint continues them).
run=(java -jar "$jar" run --append --runner=FlinkRunner "--flinkMaster=$master" "--parallelism=$parallelism"
  "--jobName=$job_name")
if $streaming; then
  # Detached: the job runs on the cluster after this script returns.
  run+=(--streaming "--checkpointingInterval=$interval" --attachedMode=false)
  [ -n "$savepoint" ] && run+=("--savepointPath=$savepoint")
  $allow_non_restored && run+=(--allowNonRestoredState=true)
fi
run+=("${pipeline_args[@]+"${pipeline_args[@]}"}")

if $dry_run; then
  printf '%q ' "${run[@]}"
  echo
  exit 0
fi
require_cluster
if $streaming; then
  if jobs_table | awk -v n="$job_name" '$2 == "RUNNING" && $3 == n { found = 1 } END { exit !found }'; then
    die "a job named '$job_name' is already RUNNING: stop it with a savepoint first, or pass another --job-name"
  fi
fi
"${run[@]}"
if $streaming; then
  id="$(jobs_table | awk -v n="$job_name" '$3 == n && ($2 == "RUNNING" || $2 == "CREATED" || $2 == "INITIALIZING") { print $1 }' | head -1)"
  echo "$prog: submitted '$job_name' as job ${id:-?} to $master"
  echo "$prog: stop it with: $prog stop --flink-master $master --job-name $job_name"
fi
