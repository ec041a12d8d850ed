# Shared by build-template.sh and launch.sh: settings from CRASHFLOW_* environment variables or
# --name=value arguments (--max-workers=5 sets CRASHFLOW_MAX_WORKERS), checked all at once.
# DRY_RUN=1 prints the commands instead of running them.

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# --temp-location=gs://b/temp -> CRASHFLOW_TEMP_LOCATION; --update -> CRASHFLOW_UPDATE=1.
# Arguments that are not --name[=value] are left in REST.
parse_args() {
  REST=()
  local arg name value
  for arg in "$@"; do
    case "$arg" in
      --help|-h) usage; exit 0 ;;
      --*=*) name=${arg%%=*}; value=${arg#*=} ;;
      --*) name=$arg; value=1 ;;
      *) REST+=("$arg"); continue ;;
    esac
    name=${name#--}
    [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || die "bad argument '$arg' (use --name=value)"
    name=CRASHFLOW_$(echo "${name//-/_}" | tr '[:lower:]' '[:upper:]')
    printf -v "$name" '%s' "$value"
    export "${name?}"
  done
}

PROBLEMS=()

# need VAR "what it is": records a problem when VAR is empty.
need() {
  if [ -z "${!1:-}" ]; then
    local flag
    flag=$(echo "${1#CRASHFLOW_}" | tr '[:upper:]_' '[:lower:]-')
    PROBLEMS+=("$1 (or --$flag) is not set: $2")
  fi
}

# matches VAR REGEX "expected form": records a problem when VAR is set and does not match.
matches() {
  if [ -n "${!1:-}" ] && ! [[ "${!1}" =~ $2 ]]; then
    PROBLEMS+=("$1 must be $3 (got '${!1}')")
  fi
}

check() {
  if ((${#PROBLEMS[@]})); then
    {
      echo "$(basename "$0"): cannot continue:"
      printf '  - %s\n' "${PROBLEMS[@]}"
      echo "Set them in the environment (e.g. eval \"\$(terraform -chdir=terraform output -raw launch_env)\") or as --name=value; --help lists them."
    } >&2
    exit 2
  fi
}

# Runs a command, or prints it (shell-quoted) when DRY_RUN=1.
run() {
  if [ "${DRY_RUN:-0}" = 1 ]; then
    printf '%q ' "$@"
    echo
  else
    "$@"
  fi
}

GCS_DIR='^gs://[a-z0-9][-_.a-z0-9]*[a-z0-9](/.*)?$'
