# The two commands of the README: `make run` and `make test`.
# Everything else here is a step they use.

BUILD ?= build

.PHONY: run test build deps format clean

deps:
	@sh scripts/deps.sh

build: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then meson setup $(BUILD) --buildtype=debugoptimized >/dev/null; fi
	@ninja -C $(BUILD) >/dev/null || ninja -C $(BUILD)

# Until the server lands (issue 3) the main job is the CLI on the bundled example map.
run: build
	@bash scripts/run.sh $(BUILD)

test: deps
	@bash scripts/test.sh

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz tests/out
