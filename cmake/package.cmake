# Man pages and completion generated from the command table (tools/gen_docs.py over
# `adplan __describe --json`), install() rules and the Debian package (CPack DEB):
#   cmake --install build --prefix P     bin/adplan, bin/adplan-lab, share/adplan/{lab,schema},
#                                        share/man, bash and zsh completion, share/doc/adplan
#   (cd build && cpack -G DEB)           build/adplan_<version>_amd64.deb (tools/bootstrap.sh package)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(ADPLAN_DOCS_DIR ${CMAKE_BINARY_DIR}/docs)
add_custom_command(
  OUTPUT ${ADPLAN_DOCS_DIR}/docs.stamp
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen_docs.py $<TARGET_FILE:adplan> ${CMAKE_SOURCE_DIR}/schema
          ${ADPLAN_DOCS_DIR}
  COMMAND ${CMAKE_COMMAND} -E touch ${ADPLAN_DOCS_DIR}/docs.stamp
  DEPENDS adplan ${CMAKE_SOURCE_DIR}/tools/gen_docs.py ${CMAKE_SOURCE_DIR}/schema/adplan.schema.json
  COMMENT "man pages and completion from adplan __describe")
# The Debian changelog, compressed as Debian policy 12.7 wants it (gzip -9n: no name, no time stamp).
add_custom_command(
  OUTPUT ${ADPLAN_DOCS_DIR}/changelog.Debian.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${ADPLAN_DOCS_DIR}
  COMMAND sh -c "gzip -9n -c \"$1\" >\"$2\"" gzip ${CMAKE_SOURCE_DIR}/debian/changelog ${ADPLAN_DOCS_DIR}/changelog.Debian.gz
  DEPENDS ${CMAKE_SOURCE_DIR}/debian/changelog
  VERBATIM)
add_custom_target(adplan_docs ALL DEPENDS ${ADPLAN_DOCS_DIR}/docs.stamp ${ADPLAN_DOCS_DIR}/changelog.Debian.gz)

# `install` (and cpack) needs only what it installs: adplan and the docs, not the tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/tools/lab/adplan-lab DESTINATION bin)
# The scripts one runs (lab.sh, hoster.sh: executable, with a #! line) ...
install(PROGRAMS ${CMAKE_SOURCE_DIR}/tools/lab/lab.sh ${CMAKE_SOURCE_DIR}/tools/lab/hoster.sh
        DESTINATION share/adplan/lab)
# ... and the parts lab.sh sources from beside itself (outlook.sh, lab_mobile.sh, any added later).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/tools/lab/ DESTINATION share/adplan/lab FILES_MATCHING PATTERN "*.sh"
        PATTERN "lab.sh" EXCLUDE PATTERN "hoster.sh" EXCLUDE)
install(FILES ${CMAKE_SOURCE_DIR}/tests/netns.sh DESTINATION share/adplan/lab)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/schema/ DESTINATION share/adplan/schema FILES_MATCHING PATTERN "*.json")
foreach(section 1 5 7)
  install(DIRECTORY ${ADPLAN_DOCS_DIR}/man-gz/ DESTINATION share/man/man${section}
          FILES_MATCHING PATTERN "*.${section}.gz")
endforeach()
install(FILES ${ADPLAN_DOCS_DIR}/completion/adplan DESTINATION share/bash-completion/completions)
install(FILES ${ADPLAN_DOCS_DIR}/completion/_adplan DESTINATION share/zsh/vendor-completions)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/debian/copyright ${ADPLAN_DOCS_DIR}/changelog.Debian.gz
        DESTINATION share/doc/adplan)
install(FILES ${CMAKE_SOURCE_DIR}/debian/adplan.lintian-overrides DESTINATION share/lintian/overrides RENAME adplan)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME adplan)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The Debian revision: the version is <upstream>-<revision>, as the top entry of debian/changelog says.
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
file(STRINGS ${CMAKE_SOURCE_DIR}/debian/changelog ADPLAN_CHANGELOG_TOP LIMIT_COUNT 1)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/debian/changelog)
if(NOT ADPLAN_CHANGELOG_TOP MATCHES "^adplan \\(${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}\\) ")
  message(WARNING "debian/changelog: the top entry \"${ADPLAN_CHANGELOG_TOP}\" is not version "
                  "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}: add an entry for it (dch -v)")
endif()
set(CPACK_PACKAGE_VENDOR "adplan")
# A placeholder address (RFC 2606 example.org; lintian refuses localhost) until the project has one.
set(ADPLAN_DEB_MAINTAINER "adplan developers <adplan@example.org>" CACHE STRING "the .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT "${ADPLAN_DEB_MAINTAINER}")
# Apache-2.0 (LICENSE); the package states it in /usr/share/doc/adplan/copyright (debian/copyright), and
# LICENSE itself is not installed: Debian points at /usr/share/common-licenses/Apache-2.0 instead.
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "plan and verify Exchange Autodiscover deployments")
# Debian's extended description (CPack puts the summary above it as the synopsis): lines under 80.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "adplan turns the Exchange 2007 Autodiscover white paper's four scenarios into
a tool: describe the organisation once in adplan.json, and adplan derives
certificate names, CSRs, DNS records, Exchange cmdlets, IIS/nginx
configuration and a runbook, then verifies the live deployment the way
Outlook finds it. adplan-lab rehearses a plan with real BIND and nginx on
loopback addresses.")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # adplan_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps computes Depends from the binary
# dns-root-data: the root's DNSSEC key verify validates TLSA answers from (DANE, /usr/share/dns/root.key);
# the lab's servers; the mail doors' lab (Postfix, Dovecot) and the optional tools as suggestions.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dns-root-data, bind9, nginx-light, slapd, iproute2")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "graphviz, certbot | lego, prometheus, postfix, dovecot-imapd, dovecot-pop3d")
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                                WORLD_READ WORLD_EXECUTE)
include(CPack)
