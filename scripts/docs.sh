#!/usr/bin/env bash
# make docs: the collection's HTML docs site, rendered by antsibull-docs from the modules' and plugins' own
# documentation (sphinx-init, then the collection's RST and sphinx-build), into .build/docs/build/html.
# Offline: Sphinx cannot fetch the Ansible docs' intersphinx inventories, so the references the generated pages make
# into docs.ansible.com stay unresolved; those warnings (and only those) are tolerated, any other one fails the build.
# Needs ANSIBLE_COLLECTIONS_PATH to find tide.digitalocean (the Makefile sets it to .build/collections).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${DOCS_DIR:-.build/docs}"
rm -rf "$OUT"
mkdir -p -m 755 "$OUT"
antsibull-docs sphinx-init --use-current --squash-hierarchy --lenient --dest-dir "$OUT" \
  --project tide.digitalocean --copyright "tide.digitalocean maintainers" --title "tide.digitalocean" \
  tide.digitalocean >/dev/null
mkdir -p "$OUT/rst"
chmod og-w "$OUT/rst"
antsibull-docs --config-file "$OUT/antsibull-docs.cfg" collection --cleanup everything --use-current \
  --squash-hierarchy --fail-on-error --dest-dir "$OUT/rst" tide.digitalocean >/dev/null
sphinx-build -M html "$OUT/rst" "$OUT/build" -q -c "$OUT" -w "$OUT/warnings.log" 2>/dev/null
# What an offline build leaves unresolved: the intersphinx fetches and the labels/envvars they would define.
offline='failed to reach any of the inventories|intersphinx inventory|^ *(https?://|<urlopen|HTTPSConnectionPool|ConnectionError)'
offline+="|undefined label: '(common_return_values|action_plugins|ansible_configuration_settings)' \[ref\.ref\]"
offline+="|'envvar' reference target not found: ANSIBLE_[A-Z_]+"
if grep -v -E "$offline" "$OUT/warnings.log" | grep -q .; then
  grep -v -E "$offline" "$OUT/warnings.log" >&2
  echo "docs: Sphinx warnings above (see $OUT/warnings.log)" >&2
  exit 1
fi
echo "docs: $OUT/build/html/index.html"
