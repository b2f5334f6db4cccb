# Spaceport: `make run` builds and opens the app; `make test` runs every suite.
# Both install what is missing first (system packages, Rust, Node packages, test tools).
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node/bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench ui app cli clean-tools

run:
	scripts/install-deps.sh run
	$(MAKE) ui
	cargo build --release -p spaceport --features custom-protocol
	./target/release/spaceport

test:
	scripts/install-deps.sh test
	tests/run-all.sh

# Listing and transfer benchmarks against rclone and the aws CLI (not part of `make test`).
bench:
	scripts/install-deps.sh test
	tests/bench/run.sh

ui:
	cd ui && npm run build

app: ui
	cargo build -p spaceport --features custom-protocol

cli:
	cargo build --release -p spaceport-cli

clean-tools:
	rm -rf .tools
