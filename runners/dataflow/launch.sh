#!/usr/bin/env bash
# Launches crashflow on Dataflow, in one of two ways:
#   launch.sh flex   from the Flex Template built by build-template.sh (gcloud dataflow flex-template run)
#   launch.sh jar    straight from target/crashflow.jar (java -jar target/crashflow.jar run --runner=DataflowRunner)
# By default the streaming job: Pub/Sub in, BigQuery and the gs:// archive out, Streaming Engine,
# bounded autoscaling; --update replaces a running job of the same name in place, keeping its
# state. With --input=gs://<archive glob> a batch replay (backfill) of archived messages instead.
# Settings: CRASHFLOW_* variables or --name=value (--help). DRY_RUN=1 prints the command.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

usage() {
  cat <<'USAGE'
usage: runners/dataflow/launch.sh flex|jar [--name=value ...] [-- extra pipeline options]

required (Terraform's launch_env output sets them all):
  --project             CRASHFLOW_PROJECT            GCP project id
  --region              CRASHFLOW_REGION             Dataflow region, e.g. europe-west1
  --subscription        CRASHFLOW_SUBSCRIPTION       projects/<p>/subscriptions/<s> to read (streaming)
  --dataset             CRASHFLOW_DATASET            BigQuery dataset, <project>:<dataset>
  --archive             CRASHFLOW_ARCHIVE            raw archive, gs://<bucket>/<prefix>
  --temp-location       CRASHFLOW_TEMP_LOCATION      gs://<bucket>/temp
  --service-account     CRASHFLOW_SERVICE_ACCOUNT    worker service account email
  --template            CRASHFLOW_TEMPLATE           (flex only) gs:// template spec from build-template.sh
optional:
  --staging-location    CRASHFLOW_STAGING_LOCATION   default: <temp-location>/../staging
  --symbols             CRASHFLOW_SYMBOLS            symbol store, gs://<bucket>/<prefix>
  --issue-signals-topic CRASHFLOW_ISSUE_SIGNALS_TOPIC projects/<p>/topics/<t>
  --job-name            CRASHFLOW_JOB_NAME           default crashflow
  --max-workers         CRASHFLOW_MAX_WORKERS        autoscaling ceiling (default 10)
  --num-workers         CRASHFLOW_NUM_WORKERS        workers at start (default 1)
  --machine-type        CRASHFLOW_MACHINE_TYPE       default n1-standard-2
  --jar                 CRASHFLOW_JAR                (jar only) default target/crashflow.jar
  --update              CRASHFLOW_UPDATE=1           replace the running job of the same name in place
  --transform-name-mapping CRASHFLOW_TRANSFORM_NAME_MAPPING
                                                     with --update, renamed steps as JSON:
                                                     '{"OldStep":"NewStep"}'
batch replay (backfill) instead of the streaming job:
  --input               CRASHFLOW_INPUT              gs:// glob of archived messages, e.g.
                                                     <archive>/app=com.example.game/dt=2026-11-2*/**
  --replay-archive      CRASHFLOW_REPLAY_ARCHIVE     where the replay archives what it reads
                                                     (default <temp bucket>/replays/<job name>), never
                                                     the live archive, which would get every message twice
  --replay-job-name     CRASHFLOW_REPLAY_JOB_NAME    default crashflow-replay-<UTC time> (not the
                                                     streaming job's name)
  The replay writes BigQuery with load jobs (bigQueryWriteMethod=FILE_LOADS).
Anything after -- goes to the pipeline: flex: name=value template parameters
(e.g. dedupHorizon=2h); jar: --name=value pipeline options.
DRY_RUN=1 prints the command instead of running it.
USAGE
}

MODE=${1:-}
case "$MODE" in
  flex|jar) shift ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; die "first argument must be 'flex' or 'jar'" ;;
esac
EXTRA=()
ARGS=()
while (($#)); do
  if [ "$1" = "--" ]; then shift; EXTRA=("$@"); break; fi
  ARGS+=("$1"); shift
done
parse_args "${ARGS[@]+"${ARGS[@]}"}"
((${#REST[@]} == 0)) || die "unexpected arguments: ${REST[*]} (--help)"

REPLAY=0
[ -z "${CRASHFLOW_INPUT:-}" ] || REPLAY=1
if ((REPLAY)); then
  CRASHFLOW_JOB_NAME=${CRASHFLOW_REPLAY_JOB_NAME:-crashflow-replay-$(date -u +%Y%m%d-%H%M%S)}
else
  CRASHFLOW_JOB_NAME=${CRASHFLOW_JOB_NAME:-crashflow}
fi
CRASHFLOW_MAX_WORKERS=${CRASHFLOW_MAX_WORKERS:-10}
CRASHFLOW_NUM_WORKERS=${CRASHFLOW_NUM_WORKERS:-1}
CRASHFLOW_MACHINE_TYPE=${CRASHFLOW_MACHINE_TYPE:-n1-standard-2}
CRASHFLOW_JAR=${CRASHFLOW_JAR:-$ROOT/target/crashflow.jar}
need CRASHFLOW_PROJECT "the GCP project id"
need CRASHFLOW_REGION "the Dataflow region, e.g. europe-west1"
((REPLAY)) || need CRASHFLOW_SUBSCRIPTION "the crash subscription, projects/<p>/subscriptions/<s>"
need CRASHFLOW_DATASET "the BigQuery dataset, <project>:<dataset>"
need CRASHFLOW_ARCHIVE "the raw archive, gs://<bucket>/<prefix>"
need CRASHFLOW_TEMP_LOCATION "Dataflow's temp location, gs://<bucket>/temp"
need CRASHFLOW_SERVICE_ACCOUNT "the worker service account email"
matches CRASHFLOW_PROJECT '^[a-z][-a-z0-9]{4,28}[a-z0-9]$' "a project id (not a number or a name)"
matches CRASHFLOW_SUBSCRIPTION '^projects/[^/]+/subscriptions/[^/]+$' "projects/<p>/subscriptions/<s>"
matches CRASHFLOW_DATASET '^[a-z][-a-z0-9.:]*[a-z0-9][:.][A-Za-z_][A-Za-z0-9_]*$' "<project>:<dataset>"
matches CRASHFLOW_ARCHIVE "$GCS_DIR" "a gs:// prefix"
matches CRASHFLOW_TEMP_LOCATION "$GCS_DIR" "a gs:// prefix"
matches CRASHFLOW_STAGING_LOCATION "$GCS_DIR" "a gs:// prefix"
matches CRASHFLOW_SYMBOLS "$GCS_DIR" "a gs:// prefix"
matches CRASHFLOW_ISSUE_SIGNALS_TOPIC '^projects/[^/]+/topics/[^/]+$' "projects/<p>/topics/<t>"
matches CRASHFLOW_INPUT '^gs://[a-z0-9][-_.a-z0-9]*[a-z0-9]/.+$' "a gs:// glob (workers cannot read local files)"
matches CRASHFLOW_REPLAY_ARCHIVE "$GCS_DIR" "a gs:// prefix"
if ((REPLAY)) && [ "${CRASHFLOW_UPDATE:-}" = 1 ]; then
  PROBLEMS+=("--update applies to the streaming job, not to a batch replay (--input)")
fi
if ((REPLAY)) && [ -n "${CRASHFLOW_REPLAY_ARCHIVE:-}" ] && [ "${CRASHFLOW_REPLAY_ARCHIVE%/}" = "${CRASHFLOW_ARCHIVE:-}" ]; then
  PROBLEMS+=("CRASHFLOW_REPLAY_ARCHIVE is the live archive: the replay would archive every message a second time")
fi
matches CRASHFLOW_SERVICE_ACCOUNT '^[^@]+@[^@]+[.]iam[.]gserviceaccount[.]com$' "a service account email"
matches CRASHFLOW_JOB_NAME '^[a-z]([-a-z0-9]*[a-z0-9])?$' "a Dataflow job name ([-a-z0-9], starting with a letter)"
matches CRASHFLOW_MAX_WORKERS '^[1-9][0-9]*$' "a positive number"
matches CRASHFLOW_NUM_WORKERS '^[1-9][0-9]*$' "a positive number"
if [ -n "${CRASHFLOW_TRANSFORM_NAME_MAPPING:-}" ] && [ "${CRASHFLOW_UPDATE:-}" != 1 ]; then
  PROBLEMS+=("CRASHFLOW_TRANSFORM_NAME_MAPPING only applies with --update")
fi
if [ "$MODE" = flex ]; then
  need CRASHFLOW_TEMPLATE "the template spec written by build-template.sh, gs://<bucket>/templates/crashflow.json"
  command -v gcloud >/dev/null 2>&1 || [ "${DRY_RUN:-0}" = 1 ] || PROBLEMS+=("gcloud is not on PATH (Google Cloud SDK)")
else
  [ -f "$CRASHFLOW_JAR" ] || PROBLEMS+=("no jar at $CRASHFLOW_JAR: build it with 'mvn -q -DskipTests package'")
  command -v java >/dev/null 2>&1 || PROBLEMS+=("java (17) is not on PATH")
fi
check
if [ -z "${CRASHFLOW_STAGING_LOCATION:-}" ]; then
  CRASHFLOW_STAGING_LOCATION=${CRASHFLOW_TEMP_LOCATION%/}
  CRASHFLOW_STAGING_LOCATION=${CRASHFLOW_STAGING_LOCATION%/*}/staging
fi

# crashflow's options: the same for both forms (names are metadata.json's parameters).
if ((REPLAY)); then
  temp_bucket=${CRASHFLOW_TEMP_LOCATION#gs://}
  temp_bucket=gs://${temp_bucket%%/*}
  PARAMS=(
    "inputType=file"
    "input=$CRASHFLOW_INPUT"
    "outputType=bigquery"
    "bigQueryDataset=$CRASHFLOW_DATASET"
    "bigQueryWriteMethod=FILE_LOADS"
    "archive=${CRASHFLOW_REPLAY_ARCHIVE:-$temp_bucket/replays/$CRASHFLOW_JOB_NAME}"
  )
else
  PARAMS=(
    "inputType=pubsub"
    "subscription=$CRASHFLOW_SUBSCRIPTION"
    "outputType=bigquery"
    "bigQueryDataset=$CRASHFLOW_DATASET"
    "archive=$CRASHFLOW_ARCHIVE"
  )
fi
[ -z "${CRASHFLOW_SYMBOLS:-}" ] || PARAMS+=("symbols=$CRASHFLOW_SYMBOLS")
[ -z "${CRASHFLOW_ISSUE_SIGNALS_TOPIC:-}" ] || PARAMS+=("issueSignalsTopic=$CRASHFLOW_ISSUE_SIGNALS_TOPIC")

if [ "$MODE" = flex ]; then
  params=$(IFS='~'; echo "${PARAMS[*]}${EXTRA[*]+~${EXTRA[*]}}")
  cmd=(gcloud dataflow flex-template run "$CRASHFLOW_JOB_NAME"
    --project="$CRASHFLOW_PROJECT"
    --region="$CRASHFLOW_REGION"
    --template-file-gcs-location="$CRASHFLOW_TEMPLATE"
    --service-account-email="$CRASHFLOW_SERVICE_ACCOUNT"
    --temp-location="$CRASHFLOW_TEMP_LOCATION"
    --staging-location="$CRASHFLOW_STAGING_LOCATION"
    --num-workers="$CRASHFLOW_NUM_WORKERS"
    --max-workers="$CRASHFLOW_MAX_WORKERS"
    --worker-machine-type="$CRASHFLOW_MACHINE_TYPE"
    # ^~^ makes ~ the separator, so values may contain commas
    "--parameters=^~^$params")
  ((REPLAY)) || cmd+=(--enable-streaming-engine)
  if [ "${CRASHFLOW_UPDATE:-}" = 1 ]; then
    cmd+=(--update)
    if [ -n "${CRASHFLOW_TRANSFORM_NAME_MAPPING:-}" ]; then
      # gcloud takes old=new pairs; the variable holds Beam's JSON form
      mappings=$(printf '%s' "$CRASHFLOW_TRANSFORM_NAME_MAPPING" \
        | python3 -c 'import json,sys; print("^~^" + "~".join(k + "=" + v for k, v in json.load(sys.stdin).items()))') \
        || die "CRASHFLOW_TRANSFORM_NAME_MAPPING is not a JSON object of step names: $CRASHFLOW_TRANSFORM_NAME_MAPPING"
      cmd+=("--transform-name-mappings=$mappings")
    fi
  fi
else
  cmd=(java -jar "$CRASHFLOW_JAR" run
    --runner=DataflowRunner
    --project="$CRASHFLOW_PROJECT"
    --region="$CRASHFLOW_REGION"
    --jobName="$CRASHFLOW_JOB_NAME"
    --serviceAccount="$CRASHFLOW_SERVICE_ACCOUNT"
    --tempLocation="$CRASHFLOW_TEMP_LOCATION"
    --stagingLocation="$CRASHFLOW_STAGING_LOCATION"
    --numWorkers="$CRASHFLOW_NUM_WORKERS"
    --maxNumWorkers="$CRASHFLOW_MAX_WORKERS"
    --workerMachineType="$CRASHFLOW_MACHINE_TYPE")
  ((REPLAY)) || cmd+=(--streaming --enableStreamingEngine)
  for p in "${PARAMS[@]}"; do cmd+=("--$p"); done
  if [ "${CRASHFLOW_UPDATE:-}" = 1 ]; then
    cmd+=(--update)
    [ -z "${CRASHFLOW_TRANSFORM_NAME_MAPPING:-}" ] || cmd+=("--transformNameMapping=$CRASHFLOW_TRANSFORM_NAME_MAPPING")
  fi
  cmd+=("${EXTRA[@]+"${EXTRA[@]}"}")
  echo "launch: 'crashflow run' stays attached and reports progress; Ctrl-C detaches, the job keeps running" >&2
  if ((REPLAY)); then
    echo "launch: the replay ends with crashflow's summary when the batch job is done" >&2
  fi
fi
run "${cmd[@]}"
