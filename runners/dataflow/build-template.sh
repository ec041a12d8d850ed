#!/usr/bin/env bash
# Builds the crashflow Flex Template: the container image (Cloud Build, from Dockerfile and the
# shaded jar) and the template spec file in Cloud Storage (gcloud dataflow flex-template build,
# with metadata.json). Needs gcloud, a built target/crashflow.jar, and an Artifact Registry
# repository (Terraform creates one). Settings: CRASHFLOW_* variables or --name=value (--help).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

usage() {
  cat <<'USAGE'
usage: runners/dataflow/build-template.sh [--name=value ...]

  --project       CRASHFLOW_PROJECT        GCP project id (required)
  --region        CRASHFLOW_REGION         region of the Artifact Registry repository (required)
  --template      CRASHFLOW_TEMPLATE       gs:// path of the template spec to write (required;
                                           Terraform output template_spec_path)
  --image         CRASHFLOW_IMAGE          image to build; default
                                           <region>-docker.pkg.dev/<project>/<repository>/crashflow:<tag>
  --repository    CRASHFLOW_REPOSITORY     Artifact Registry repository (default crashflow)
  --image-tag     CRASHFLOW_IMAGE_TAG      default: the git commit (plus -dirty), else a timestamp
  --jar           CRASHFLOW_JAR            shaded jar (default target/crashflow.jar)
  --base-image    CRASHFLOW_BASE_IMAGE     launcher base image (default: the Dockerfile's)

DRY_RUN=1 prints the commands instead of running them.
USAGE
}

parse_args "$@"
((${#REST[@]} == 0)) || die "unexpected arguments: ${REST[*]} (--help)"

CRASHFLOW_JAR=${CRASHFLOW_JAR:-$ROOT/target/crashflow.jar}
CRASHFLOW_REPOSITORY=${CRASHFLOW_REPOSITORY:-crashflow}
need CRASHFLOW_PROJECT "the GCP project id"
need CRASHFLOW_REGION "the region, e.g. europe-west1"
need CRASHFLOW_TEMPLATE "where the template spec goes, gs://<bucket>/templates/crashflow.json"
matches CRASHFLOW_TEMPLATE '^gs://[a-z0-9][-_.a-z0-9]*[a-z0-9]/.+[.]json$' "a gs:// path ending in .json"
matches CRASHFLOW_PROJECT '^[a-z][-a-z0-9]{4,28}[a-z0-9]$' "a project id (not a number or a name)"
[ -f "$CRASHFLOW_JAR" ] || PROBLEMS+=("no jar at $CRASHFLOW_JAR: build it with 'mvn -q -DskipTests package'")
command -v gcloud >/dev/null 2>&1 || [ "${DRY_RUN:-0}" = 1 ] || PROBLEMS+=("gcloud is not on PATH (Google Cloud SDK)")
check

if [ -z "${CRASHFLOW_IMAGE_TAG:-}" ]; then
  if CRASHFLOW_IMAGE_TAG=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null); then
    [ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] || CRASHFLOW_IMAGE_TAG="$CRASHFLOW_IMAGE_TAG-dirty"
  else
    CRASHFLOW_IMAGE_TAG=$(date -u +%Y%m%d-%H%M%S)
  fi
fi
CRASHFLOW_IMAGE=${CRASHFLOW_IMAGE:-$CRASHFLOW_REGION-docker.pkg.dev/$CRASHFLOW_PROJECT/$CRASHFLOW_REPOSITORY/crashflow:$CRASHFLOW_IMAGE_TAG}

# The build context: the Dockerfile and the jar only (a hard link where possible, the jar is ~300 MB).
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$HERE/Dockerfile" "$context/Dockerfile"
ln "$CRASHFLOW_JAR" "$context/crashflow.jar" 2>/dev/null || cp "$CRASHFLOW_JAR" "$context/crashflow.jar"
if [ -n "${CRASHFLOW_BASE_IMAGE:-}" ]; then
  sed -i "s|^ARG BASE_IMAGE=.*|ARG BASE_IMAGE=$CRASHFLOW_BASE_IMAGE|" "$context/Dockerfile"
fi

echo "build-template: image $CRASHFLOW_IMAGE" >&2
run gcloud builds submit "$context" --project="$CRASHFLOW_PROJECT" --tag="$CRASHFLOW_IMAGE"

echo "build-template: template spec $CRASHFLOW_TEMPLATE" >&2
run gcloud dataflow flex-template build "$CRASHFLOW_TEMPLATE" \
  --project="$CRASHFLOW_PROJECT" \
  --image="$CRASHFLOW_IMAGE" \
  --sdk-language=JAVA \
  --metadata-file="$HERE/metadata.json" \
  --enable-streaming-engine

echo "build-template: done; launch with runners/dataflow/launch.sh flex" >&2
