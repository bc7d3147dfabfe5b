# CPack: a Debian package of the command line and the example experiments.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "mfh-workbench")
set(CPACK_PACKAGE_CONTACT "MFH Workbench developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for crossmodal knowledge distillation research")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libtorch1.13, libhdf5-cpp-103-1, libspdlog1.10")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
