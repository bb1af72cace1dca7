# The two commands of the README: `make run` and `make test`.
# Everything else here is a step they use.

BUILD ?= build

.PHONY: run test build deps format clean deb

deps:
	@sh scripts/deps.sh

build: deps
	@if [ ! -f $(BUILD)/build.ninja ]; then meson setup $(BUILD) --buildtype=debugoptimized >/dev/null; fi
	@ninja -C $(BUILD) >/dev/null || ninja -C $(BUILD)
	@cd web && node build.mjs

# The server on 127.0.0.1:8080 with SQLite in ./kartla-data; ARGS go to `kartla serve`.
run: build
	@bash scripts/run.sh $(BUILD) $(ARGS)

test: deps
	@bash scripts/test.sh

# C with clang-format, JavaScript with prettier (web/package.json pins it; .prettierrc.json).
format: deps
	@clang-format -i $$(git ls-files '*.c' '*.h')
	@cd web && npm run -s format >/dev/null

# The Debian 12 package (debhelper) in tests/out/deb/; docs/deployment.md.
deb: build
	@bash scripts/deb.sh

clean:
	rm -rf build build-asan build-fuzz tests/out
