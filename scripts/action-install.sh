#!/usr/bin/env bash
# The GitHub Action's first step (action.yml): builds latstat from the action's own checkout, so the action needs
# no published package, and puts it on PATH (as `latstat`) for the job's later steps. `npm ci` installs the locked
# dependencies and runs the `prepare` script, which compiles src/ into dist/.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "::error title=latstat::latstat needs Node.js 20 or later, found $(node --version 2>/dev/null || echo none) (add actions/setup-node with node-version: 20 before this step)"
  exit 2
fi
npm ci --no-audit --no-fund --loglevel=error
# PATH needs a file named latstat: the checkout's is bin/latstat.js.
bin_dir="$RUNNER_TEMP/latstat-bin"
mkdir -p "$bin_dir"
ln -sf "$GITHUB_ACTION_PATH/bin/latstat.js" "$bin_dir/latstat"
echo "$bin_dir" >>"$GITHUB_PATH"
