# The two commands of README's Quick start:
#   make run    install what is missing, build, start the app on its bundled sample
#   make test   install what is missing, build, run every test (GL tests under Xvfb)
#   make deb    install what is missing, build a portable release, write build/package/embedscope_*.deb
# Other targets: deps, build, package (= deb), bench, format, clean.

PRESET ?= dev
BUILD_DIR := build/$(PRESET)
# Debian 12 packages. Idempotent: only missing ones are installed.
PACKAGES := build-essential cmake ninja-build pkg-config qt6-base-dev libqt6opengl6-dev libvtk9-dev libeigen3-dev \
            libhnswlib-dev libfftw3-dev xvfb xauth libgl1-mesa-dri locales \
            help2man dpkg-dev desktop-file-utils appstream shared-mime-info
XVFB := xvfb-run -a -s "-screen 0 1280x1024x24"
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build deb package bench format clean

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
