#!/usr/bin/env bash
# Validates the Kubernetes manifests in deploy/kubernetes with no cluster:
# every document against the Kubernetes schemas with unknown fields refused,
# the kustomization, and the cross-checks of deploy/kubernetes/validate/
# validate.mjs; then its self-test, which injects known mistakes into copies
# of the manifests and fails unless each is rejected. Where kubectl is
# installed, the output of "kubectl kustomize" is validated too.
# Network: only the npm registry, for "npm ci" when the packages pinned in
# package-lock.json are not installed yet. Exit status 1 on any error.
# Usage: scripts/validate_manifests.sh
set -euo pipefail
cd "$(dirname "$0")/.."

validator=deploy/kubernetes/validate
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "validate_manifests: needs Node.js 18 or later and npm" >&2
  exit 1
fi

# npm ci wipes and reinstalls node_modules; skip it while the installed
# packages are those of the committed lockfile.
stamp=$validator/node_modules/.installed-package-lock.json
if ! cmp -s "$validator/package-lock.json" "$stamp"; then
  echo "validate_manifests: npm ci in $validator"
  (cd "$validator" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$validator/package-lock.json" "$stamp"
fi

node "$validator/validate.mjs" deploy/kubernetes
node "$validator/validate.mjs" --self-test deploy/kubernetes

if command -v kubectl >/dev/null; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  kubectl kustomize deploy/kubernetes > "$tmp/kustomize-build.yaml"
  node "$validator/validate.mjs" --rendered "$tmp/kustomize-build.yaml"
else
  echo "validate_manifests: kubectl not installed; the kustomize build is checked by file list only"
fi
