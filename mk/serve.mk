# What `docspec serve`'s tests need beyond Go: Debian's PostgreSQL, which the
# serve package's tests start themselves on a free loopback port (a fresh
# data directory, run as the postgres user when we are root). Included by
# the main Makefile; `make test` depends on serve-deps.

POSTGRES_INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb))

.PHONY: serve-deps

serve-deps:
ifeq ($(POSTGRES_INITDB),)
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
endif
