# Every dependency is a Debian 12 package installed by scripts/setup.sh.
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 REQUIRED CONFIG COMPONENTS json url)
find_package(OpenSSL REQUIRED)
find_package(spdlog REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(speexdsp REQUIRED IMPORTED_TARGET speexdsp)
pkg_check_modules(spandsp REQUIRED IMPORTED_TARGET spandsp)
pkg_check_modules(sqlite3 REQUIRED IMPORTED_TARGET sqlite3)
# The PostgreSQL client library (store.url): the call store for more than one
# machine (ARCHITECTURE.md "Scale").
pkg_check_modules(libpq REQUIRED IMPORTED_TARGET libpq)
# The Redis client library (cluster.redis_url): live state shared across
# instances (ARCHITECTURE.md "Scale").
pkg_check_modules(hiredis REQUIRED IMPORTED_TARGET hiredis)
# hiredis.pc adds -D_FILE_OFFSET_BITS=64, which a 64-bit build does not need
# and which would make every cluster file refuse the precompiled header.
get_target_property(_hr_opts PkgConfig::hiredis INTERFACE_COMPILE_OPTIONS)
if(_hr_opts)
  list(FILTER _hr_opts EXCLUDE REGEX "_FILE_OFFSET_BITS")
  set_target_properties(PkgConfig::hiredis PROPERTIES INTERFACE_COMPILE_OPTIONS "${_hr_opts}")
endif()
pkg_check_modules(webrtc REQUIRED IMPORTED_TARGET webrtc-audio-processing)
pkg_check_modules(pocketsphinx REQUIRED IMPORTED_TARGET pocketsphinx sphinxbase)
# Debian 12's sphinxbase.pc lists /usr/include/sphinxbase, which the multiarch
# package does not ship (headers live in /usr/include/<triplet>/sphinxbase);
# CMake refuses a target with a missing include dir, so drop missing ones.
get_target_property(_ps_inc PkgConfig::pocketsphinx INTERFACE_INCLUDE_DIRECTORIES)
set(_ps_inc_ok)
foreach(_d IN LISTS _ps_inc)
  if(EXISTS "${_d}")
    list(APPEND _ps_inc_ok "${_d}")
  endif()
endforeach()
set_target_properties(PkgConfig::pocketsphinx PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_ps_inc_ok}")

# flite ships static archives and no pkg-config file.
add_library(voxgate_flite INTERFACE)
target_link_libraries(voxgate_flite INTERFACE
  flite_cmu_us_slt flite_cmu_us_rms flite_cmu_us_kal16 flite_usenglish flite_cmulex flite m)

if(VOXGATE_TESTS)
  find_package(GTest REQUIRED)
endif()
if(VOXGATE_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Asio: no deprecated interfaces. (BOOST_BEAST_USE_STD_STRING_VIEW is gone:
# in Boost 1.81 it only prints a deprecation note; beast::string_view is
# boost::core::string_view, which converts to and from std::string_view.)
add_compile_definitions(BOOST_ASIO_NO_DEPRECATED)
