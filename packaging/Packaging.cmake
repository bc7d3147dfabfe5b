# CPack: a Debian package of the command line and the example experiments.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "mfh-workbench")
set(CPACK_PACKAGE_CONTACT "MFH Workbench developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for crossmodal knowledge distillation research")
# Runtime dependencies are read off the binaries by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
