# Installs what building and testing Engine needs on a fresh Debian 12 machine of this kind.
# Sourced by the scripts in scripts/; every step is skipped when already satisfied.

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  if [ -z "${ENGINE_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
    export ENGINE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

ensure_build_prereqs() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "dotnet (the .NET 10 SDK) is required and is not on PATH" >&2
    exit 1
  fi
  # Native AOT links with clang and needs zlib's headers.
  command -v clang >/dev/null 2>&1 || apt_install clang
  apt_install zlib1g-dev
  # The differential and process-level tests drive servers with curl and a stdlib Python 3 script.
  command -v curl >/dev/null 2>&1 || apt_install curl
  command -v python3 >/dev/null 2>&1 || apt_install python3
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

ensure_etcd() {
  command -v etcd >/dev/null 2>&1 || apt_install etcd-server
  command -v etcdctl >/dev/null 2>&1 || apt_install etcd-client
}

# Node.js and npm, for the etcd3 client-library test (tests/etcd3-node).
ensure_node() {
  command -v node >/dev/null 2>&1 || apt_install nodejs
  command -v npm >/dev/null 2>&1 || apt_install npm
}

# Installs the npm etcd3 client test's locked dependencies into DIR/node_modules (npm ci, from package-lock.json).
ensure_etcd3_client() {
  ensure_node
  [ -d "$1/node_modules/etcd3" ] || (cd "$1" && npm ci --no-audit --no-fund >&2)
}
