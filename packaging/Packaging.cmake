# CPack: a Debian package of the workbench, the command line, the desktop entry and icon, the
# AppStream metadata and the example experiments.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "mfh-workbench")
set(CPACK_PACKAGE_CONTACT "MFH Workbench developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for crossmodal knowledge distillation research")
# Runtime dependencies are read off the binaries by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread, fonts-dejavu-core")
include(CPack)
