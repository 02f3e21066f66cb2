# The Debian package: `cmake --build build --target package` writes
# build/massage-tent_VERSION_ARCH.deb with CPack. It installs the server, its pages and their vendored
# browser libraries, the systemd service (deploy/massage-tent.service), the configuration
# (/etc/massage-tent/massage-tent.conf, a conffile) and the maintainer scripts that create the
# service's user and enable it (deploy/debian/). docs/install.md says what goes where and why;
# tests/deploy/package_test.sh checks the package.

set(TENT_PACKAGE_MAINTAINER "massage-tent maintainers <maintainers@massage-tent.example.org>"
    CACHE STRING "The Debian package's Maintainer field: a name and an address")
set(debian ${CMAKE_SOURCE_DIR}/deploy/debian)
set(staged ${CMAKE_BINARY_DIR}/debian)
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)

install(TARGETS massage-tent RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Debian's hardening for a network service: relocations resolved at start and then read-only.
target_link_options(massage-tent PRIVATE LINKER:-z,relro,-z,now)

# The pages are served from files, so the package holds them as they are in the tree; vendor/ is
# filled from node_modules by deploy/setup.sh (`npm ci`), and a package without it would serve
# pages whose charts and QR codes fail to load.
install(CODE "
  foreach(lib chart.umd.min.js uqr.mjs)
    if(NOT EXISTS \"${CMAKE_SOURCE_DIR}/vendor/\${lib}\")
      message(FATAL_ERROR \"vendor/\${lib} is missing: run `npm ci` and copy the libraries as deploy/setup.sh does\")
    endif()
  endforeach()")
foreach(folder kiosk display console organiser status shared vendor)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/${folder} DESTINATION ${TENT_INSTALL_WEB_DIR})
endforeach()

# The Chromium kiosk launcher, for a screen on the laptop itself (docs/install.md).
install(PROGRAMS ${CMAKE_SOURCE_DIR}/deploy/open-page.sh DESTINATION ${CMAKE_INSTALL_DATADIR}/massage-tent)

# Debian's places for the service and its settings, whatever the install prefix.
install(FILES ${CMAKE_SOURCE_DIR}/deploy/massage-tent.service DESTINATION /lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/massage-tent.conf DESTINATION /etc/massage-tent)

# The documentation Debian's policy asks for: the copyright, a changelog and a manual page, both
# compressed with gzip -9n (no name or time stamp, so the package is the same at each build).
configure_file(${debian}/changelog.in ${staged}/changelog @ONLY)
find_program(GZIP gzip REQUIRED)
add_custom_command(
  OUTPUT ${staged}/changelog.gz ${staged}/massage-tent.1.gz
  COMMAND ${GZIP} -9nc ${staged}/changelog > ${staged}/changelog.gz
  COMMAND ${GZIP} -9nc ${debian}/massage-tent.1 > ${staged}/massage-tent.1.gz
  DEPENDS ${staged}/changelog ${debian}/massage-tent.1
  COMMENT "Compressing the package's changelog and manual page")
add_custom_target(tent_package_docs ALL DEPENDS ${staged}/changelog.gz ${staged}/massage-tent.1.gz)
set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/massage-tent)
install(FILES ${debian}/copyright ${staged}/changelog.gz ${CMAKE_SOURCE_DIR}/docs/install.md DESTINATION ${doc_dir})
install(FILES ${staged}/massage-tent.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME massage-tent)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "server for the massage tent at a race finish line")
set(CPACK_PACKAGE_DESCRIPTION
    "Runners check in at a kiosk by bib number and answer a short triage; the
server queues them and calls them to free massage tables. A big display and
the runners' phones follow the queue live, volunteers run the tables from
their phones, and organisers watch throughput and export the day's data. One
process serves the web pages, HTTP and WebSocket, with no internet, and keeps
the day in one SQLite file.

This package runs it as the systemd service massage-tent, configured in
/etc/massage-tent/massage-tent.conf, with its data in /var/lib/massage-tent.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TENT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries the binary links, found by dpkg-shlibdeps, and what the maintainer scripts run.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.52)")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${debian}/postinst ${debian}/prerm ${debian}/postrm ${debian}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
