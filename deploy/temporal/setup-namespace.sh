#!/bin/sh
# Waits for the Temporal frontend, then registers the csms namespace and its search attributes (idempotent).
set -eu
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do sleep 2; done
temporal operator namespace describe --namespace csms --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 \
  || temporal operator namespace create --namespace csms --retention 30d --address "$TEMPORAL_ADDRESS"
temporal operator search-attribute create --namespace csms --name ChargePointId --type Keyword \
  --address "$TEMPORAL_ADDRESS" 2>/dev/null || true
