# The two commands of README's Quick start:
#   make run    install what is missing, build, start the app on its bundled sample
#   make test   install what is missing, build, run every test (GL tests under Xvfb)
#   make deb    install what is missing, build a portable release, write build/package/embedscope_*.deb
#   make asan-test   the whole suite under AddressSanitizer + UBSan (build/asan, -O1; run by CI)
#   make asan-core-test   only the core, CLI and fuzz-replay tests under ASan + UBSan
#   make tsan-test   the job runner and the cancel paths under ThreadSanitizer (build/tsan)
#   make fuzz        every libFuzzer harness for FUZZ_SECONDS each (build/fuzz, clang)
# Other targets: deps, build, package (= deb), bench, format, clean.

PRESET ?= dev
BUILD_DIR := build/$(PRESET)
# Debian 12 packages. Idempotent: only missing ones are installed.
PACKAGES := build-essential cmake ninja-build pkg-config qt6-base-dev libqt6opengl6-dev libvtk9-dev libeigen3-dev \
            libhnswlib-dev libfftw3-dev xvfb xauth libgl1-mesa-dri locales \
            help2man dpkg-dev desktop-file-utils appstream shared-mime-info
XVFB := xvfb-run -a -s "-screen 0 1280x1024x24"
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test asan-test asan-core-test tsan-test fuzz deps build deb package bench format clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing missing packages:" $$missing; \
	    $(SUDO) apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@# The loaders are tested under a German locale too (decimal comma); generate it once.
	@if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$$'; then \
	    echo "Generating the de_DE.UTF-8 locale for the tests"; \
	    $(SUDO) sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen; \
	    grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | $(SUDO) tee -a /etc/locale.gen >/dev/null; \
	    $(SUDO) locale-gen >/dev/null; \
	fi

build: deps
	@[ -f $(BUILD_DIR)/CMakeCache.txt ] || cmake --preset $(PRESET)
	cmake --build $(BUILD_DIR)

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	    echo "No display found. To try the app without one, run it under a virtual X server:"; \
	    echo "    $(XVFB) $(BUILD_DIR)/app/embedscope"; \
	    echo "(or start it from a desktop session with: make run)"; \
	    exit 1; \
	fi
	$(BUILD_DIR)/app/embedscope

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -LE gl -j2
	cd $(BUILD_DIR) && $(XVFB) ctest --output-on-failure -L gl

# Sanitizer runs: any report fails the test (UBSan does not recover; LeakSanitizer is on).
SAN_SUPP := $(CURDIR)/tests/sanitizers
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1 \
            LSAN_OPTIONS=suppressions=$(SAN_SUPP)/lsan.supp:print_suppressions=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The GL tests run under Xvfb with Mesa, D-Bus, fontconfig and ICU loaded: those libraries leak
# small blocks at exit, and built without frame pointers (Mesa's driver unloaded by then) their
# stacks end in "<unknown module>", so a suppression cannot tell them from a leak of ours. The GL
# tests therefore run with ASan and UBSan but without LeakSanitizer, and without strict string
# checks (libxkbcommon's strndup of X11 keymap names trips them); every other test, the offscreen
# GUI tests included, keeps both.
ASAN_GL_ENV := ASAN_OPTIONS=detect_leaks=0:check_initialization_order=1 \
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
asan-test: deps
	@[ -f build/asan/CMakeCache.txt ] || cmake --preset asan
	cmake --build build/asan
	cd build/asan && $(ASAN_ENV) ctest --output-on-failure -LE gl -j2
	cd build/asan && $(ASAN_GL_ENV) $(XVFB) ctest --output-on-failure -L gl

# A quicker check while working on the core: everything that reads files or computes (the core,
# the CLI and the fuzz replays) under ASan + UBSan, without building the GUI's Qt/VTK code.
ASAN_CORE_DIRS := tests/core tests/cli tests/fuzz
asan-core-test: deps
	@[ -f build/asan/CMakeCache.txt ] || cmake --preset asan
	cmake --build build/asan --target $(addsuffix /all,$(ASAN_CORE_DIRS)) embedscope-cli
	for d in $(ASAN_CORE_DIRS); do (cd build/asan/$$d && $(ASAN_ENV) ctest --output-on-failure -j2) || exit 1; done

# TSan: only the tests labelled threads (the job runner, every job kind's cancel paths). Qt is not
# built with TSan; tests/sanitizers/tsan.supp names the Qt internals it cannot see into, and a
# report fails the run when either racing access is in Embedscope's code (tsan-own-races.sh).
# The tsan preset builds without OpenMP (core/Omp.h): libgomp is not TSan-instrumented either, and
# its barriers would be misread.
TSAN_TESTS := tst_jobrunner tst_jobcancel
tsan-test: deps
	@[ -f build/tsan/CMakeCache.txt ] || cmake --preset tsan
	cmake --build build/tsan --target $(TSAN_TESTS)
	rm -f build/tsan/tsan.*
	cd build/tsan && TSAN_OPTIONS="suppressions=$(SAN_SUPP)/tsan.supp exitcode=0 second_deadlock_stack=1 log_path=$(CURDIR)/build/tsan/tsan" \
	    ctest --output-on-failure -L threads
	tests/sanitizers/tsan-own-races.sh build/tsan/tsan.*

# libFuzzer, one harness per reader (tests/fuzz): FUZZ_SECONDS each, FUZZ_JOBS at a time; new
# crashes land in tests/fuzz/crashes/NAME/ (commit them with the fix: ctest -L fuzz replays them).
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 2
FUZZ_PACKAGES := clang libclang-rt-14-dev libomp-14-dev
fuzz: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(FUZZ_PACKAGES)"
	@[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz
	cmake --build build/fuzz --target fuzz_harnesses
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_JOBS)

# The package is built apart from the dev build: Release, and without -march=native so that it runs on
# the machine it is handed to. Install it with: apt-get install ./build/package/embedscope_*.deb
deb: deps
	@[ -f build/package/CMakeCache.txt ] || cmake --preset package
	cmake --build build/package
	cd build/package && cpack -G DEB
	@ls -1 build/package/embedscope_*.deb

package: deb

bench: build
	tests/benchmarks/run.sh $(BUILD_DIR)

format:
	find app core ui tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build
