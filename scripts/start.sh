#!/usr/bin/env bash
# `npm start`: the workbook's main job. Builds d2lzh if needed, then
# - with Jupyter installed: registers the tslab kernel and opens notebooks/ in JupyterLab
#   (or the classic Notebook when JupyterLab is not installed);
# - without Jupyter (or with D2L_START=demo): runs the chapter's headline demo in the terminal,
#   training the character RNN on the lyrics and writing lines from 分开 / 不分开.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f lib/dist/index.js ] || npm run -s build

if [ "${D2L_START:-}" != "demo" ] && command -v jupyter >/dev/null 2>&1; then
  npm run -s kernel
  root_flag=()
  [ "$(id -u)" = 0 ] && root_flag=(--allow-root)
  if jupyter lab --version >/dev/null 2>&1; then
    exec jupyter lab "${root_flag[@]}" notebooks/
  elif jupyter notebook --version >/dev/null 2>&1; then
    exec jupyter notebook "${root_flag[@]}" notebooks/
  fi
  echo "Jupyter is installed but neither JupyterLab nor Notebook is; running the terminal demo instead."
fi
if [ "${D2L_START:-}" != "demo" ]; then
  echo "Jupyter was not found (pip install jupyterlab, or apt-get install jupyter-notebook), so here is the terminal demo."
fi
exec npx tsx scripts/demo.ts "$@"
