# Shared by the scripts: paths of tools outside the repository.

# wasm-opt from npm binaryen, and cargo-installed tools, first on PATH.
export PATH="$PWD/web/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock
}

# Python tools (moto) live outside the clone, so repeated runs reuse them.
venv_dir() {
  echo "${MEDTRACK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/medtrack/venv}"
}

# The fuzzer (schemathesis) has a venv of its own: its pins and moto's differ.
fuzz_venv_dir() {
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/medtrack/fuzz-venv"
}
