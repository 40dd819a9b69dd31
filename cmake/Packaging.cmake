# A Debian package of what `cmake --install` installs: `make deb` (build/package, a portable build)
# or `cpack -G DEB` in any build folder. Runtime dependencies come from dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME embedscope)
set(CPACK_PACKAGE_VENDOR "The Embedscope developers")
set(CPACK_PACKAGE_CONTACT "The Embedscope developers <embedscope@example.org>" CACHE STRING
    "Maintainer field of the Debian package")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explore word vectors and other embeddings in 2-D and 3-D")
set(CPACK_PACKAGE_DESCRIPTION
    "Embedscope opens word2vec, GloVe, fastText, TensorFlow Projector TSV, NumPy and CSV embeddings \
and shows them in 2-D or 3-D with PCA or t-SNE computed on the full data set. Click a point to read \
its nearest neighbours in the original space, search labels, colour by metadata, and measure how \
faithful the picture is. embedscope-cli does the same without a display.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # embedscope_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${EMBEDSCOPE_HOMEPAGE})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps learns the multiarch library folders from /etc/ld.so.conf; some machines (CI among
# them) have none, and then it finds not even libc. Name the folders so that it needs no such file.
if(CMAKE_LIBRARY_ARCHITECTURE)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
        /lib/${CMAKE_LIBRARY_ARCHITECTURE} /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
endif()
# dpkg-shlibdeps sees libGL; the driver that draws through it is loaded at run time.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_PACKAGE_CHECKSUM SHA256)
# Only what install() names, under /usr; not the build's own folders.
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
include(CPack)
