# Precompiled headers (VOXGATE_PCH, on by default): the Boost.Asio/Beast/JSON
# and standard headers that most translation units parse are compiled once per
# build into two PCHs, which every target then reuses (REUSE_FROM):
#   voxgate_pch       library, tool, bench and fuzz code (no gtest: its macros
#                     must not leak into src/);
#   voxgate_pch_test  the same plus gtest/gmock, for tests/.
# GCC uses a PCH only when the macros its headers test are defined the same
# way as when it was built (-Winvalid-pch, an error under -Werror), so the
# Boost defines that imported targets add to some targets only are made
# global below. Adding a source file still needs no CMake edit:
# voxgate_use_pch() runs over every target at the end of CMakeLists.txt.

option(VOXGATE_PCH "Precompile the heavy third-party headers" ON)

# The defines Boost::json / Boost::url add (BOOST_*_DYN_LINK selects the
# shared library's symbol visibility; *_NO_LIB turns MSVC auto-link off).
# Every target gets them so one PCH fits all; they change nothing for a target
# that does not include those libraries.
add_compile_definitions(BOOST_JSON_NO_LIB BOOST_JSON_DYN_LINK BOOST_CONTAINER_NO_LIB
                        BOOST_CONTAINER_DYN_LINK BOOST_URL_NO_LIB BOOST_URL_DYN_LINK)

# What src/ and tools/ include most (count the #includes, transitively: most
# modules reach Beast through net/*.hpp); nothing a module does not use.
# CLI11 stays out: in the PCH it saved its parse in the ~15 files that use it
# but cost every other file more to load (a small file took 1.7 s -> 4.7 s).
set(VOXGATE_PCH_HEADERS
    <algorithm> <array> <atomic> <chrono> <cstddef> <cstdint> <deque> <functional> <map>
    <memory> <mutex> <optional> <span> <string> <string_view> <utility> <variant> <vector>
    <boost/asio/io_context.hpp> <boost/asio/ip/tcp.hpp> <boost/asio/post.hpp>
    <boost/asio/steady_timer.hpp> <boost/asio/strand.hpp> <boost/beast/core.hpp>
    <boost/beast/http.hpp> <boost/beast/websocket.hpp> <boost/json.hpp>)
set(VOXGATE_PCH_TEST_HEADERS ${VOXGATE_PCH_HEADERS} <gtest/gtest.h> <gmock/gmock.h>)

# GCC 12 drops `#pragma GCC diagnostic` state from a PCH (GCC PR 64117, fixed
# in 13). libstdc++'s char_traits.h and Boost.System/Variant2 use those
# pragmas to silence known false positives of these flow-sensitive warnings
# in their inlined code; without the pragmas they fire in our files (seen:
# -Warray-bounds on std::string operator+ in store/). So with a PCH on GCC 12
# they are off, as the headers meant them to be.
set(VOXGATE_PCH_GCC12_WARNINGS
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:
    -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread -Wno-maybe-uninitialized>)

# A PCH host is an object library with one empty source: it exists to build
# the .gch with the flags every other target of the preset uses.
function(_voxgate_pch_host name)
  set(src ${CMAKE_BINARY_DIR}/${name}.cpp)
  if(NOT EXISTS ${src})
    file(WRITE ${src} "// Host for the ${name} precompiled header (cmake/pch.cmake).\n")
  endif()
  add_library(${name} OBJECT ${src})
  target_link_libraries(${name} PRIVATE Boost::headers Boost::json)
  target_precompile_headers(${name} PRIVATE ${ARGN})
  voxgate_warnings(${name})
  target_compile_options(${name} PRIVATE ${VOXGATE_PCH_GCC12_WARNINGS})
endfunction()

if(VOXGATE_PCH)
  _voxgate_pch_host(voxgate_pch ${VOXGATE_PCH_HEADERS})
  if(VOXGATE_TESTS)
    _voxgate_pch_host(voxgate_pch_test ${VOXGATE_PCH_TEST_HEADERS})
    # gtest's own define (GTEST_HAS_PTHREAD=1) comes with the link.
    target_link_libraries(voxgate_pch_test PRIVATE GTest::gmock)
  endif()
endif()

# Make every C++ target of this directory reuse one of the two PCHs: the test
# one when it links gtest, the other one otherwise.
function(voxgate_use_pch)
  if(NOT VOXGATE_PCH)
    return()
  endif()
  get_property(targets DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(t MATCHES "^voxgate_pch" OR t MATCHES "_nopch$" OR type STREQUAL "INTERFACE_LIBRARY"
       OR type STREQUAL "UTILITY")
      continue()
    endif()
    target_compile_options(${t} PRIVATE ${VOXGATE_PCH_GCC12_WARNINGS})
    get_target_property(libs ${t} LINK_LIBRARIES)
    if(libs MATCHES "GTest::" AND TARGET voxgate_pch_test)
      target_precompile_headers(${t} REUSE_FROM voxgate_pch_test)
    else()
      target_precompile_headers(${t} REUSE_FROM voxgate_pch)
    endif()
  endforeach()
endfunction()
