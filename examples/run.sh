#!/bin/sh
# Quick manual check of `simpleflow workflow.start --local` with the examples.
# Run it from the repository root.

echo "=========================="
echo "BASIC WORKFLOW"
echo "=========================="
set -x
simpleflow workflow.start --local examples.basic.BasicWorkflow --input '[3, 0]'
{ set +x; } 2>/dev/null

echo
echo "=========================="
echo "FAILING WORKFLOW"
echo "=========================="
set -x
simpleflow workflow.start --local examples.failing.FailingWorkflow --input '[]' 2>&1 \
  | sed -e '/^ /d' -e 's/^Traceback.*/<...snip...>/'
