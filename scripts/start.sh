#!/usr/bin/env bash
# `npm start`: the workbook's main job. Builds d2lzh if needed, then
# - with Jupyter installed: makes the student's working copies in workspace/ (once: a copy is never
#   rewritten; `npm run restore -- 06.4` gives a fresh one) and opens workspace/ in JupyterLab (or
#   the classic Notebook) with this checkout's private tslab kernel (.jupyter-data, first on
#   JUPYTER_PATH; nothing is registered in your home folder);
# - without Jupyter (or with D2L_START=demo): runs the chapter's headline demo in the terminal,
#   training the character RNN on the lyrics and writing lines from 分开 / 不分开.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  cat <<'EOF'
usage: npm start [-- demo options]
  Opens your working copies of the notebooks (workspace/, made from notebooks/ the first time and
  never rewritten) in JupyterLab or the classic Notebook, with this checkout's own tslab kernel.
  Without Jupyter, or with D2L_START=demo, runs the terminal demo instead (npm run demo -- --help
  lists its options). Offline: put jaychou_lyrics.txt.zip in data/cache/ or set D2L_DATA_DIR.
  npm run restore -- 06.4   replaces one working copy by a fresh one (yours is kept in workspace/.backup/)
EOF
  exit 0
fi

[ -f lib/dist/index.js ] || npm run -s build
# After a pull the sources may be newer than the build the notebooks and the kernel read: rebuild them.
if [ -f scripts/lib/fresh-build.ts ]; then
  node --import tsx -e 'require("./scripts/lib/fresh-build").ensureFreshBuild(process.cwd())'
fi

if [ "${D2L_START:-}" != "demo" ] && command -v jupyter >/dev/null 2>&1; then
  node --import tsx scripts/install-kernel.ts >/dev/null
  # In the instructor's workbook notebooks/ is a build (its sources are notebooks/src): work on copies.
  # In the student release (no sources) notebooks/ are the student's own files, opened as they are.
  folder=notebooks/
  if [ -d notebooks/src ]; then
    node --import tsx scripts/workspace.ts init
    folder=workspace/
  fi
  export JUPYTER_PATH="$PWD/.jupyter-data${JUPYTER_PATH:+:$JUPYTER_PATH}"
  root_flag=()
  [ "$(id -u)" = 0 ] && root_flag=(--allow-root)
  if jupyter lab --version >/dev/null 2>&1; then
    exec jupyter lab "${root_flag[@]}" "$folder"
  elif jupyter notebook --version >/dev/null 2>&1; then
    exec jupyter notebook "${root_flag[@]}" "$folder"
  fi
  echo "Jupyter is installed but neither JupyterLab nor Notebook is; running the terminal demo instead."
fi
if [ "${D2L_START:-}" != "demo" ]; then
  echo "Jupyter was not found (pip install jupyterlab, or apt-get install jupyter-notebook), so here is the terminal demo."
fi
# node itself (no tsx wrapper process): Ctrl-C reaches the demo, which stops and prints its summary.
exec node --import tsx scripts/demo.ts "$@"
