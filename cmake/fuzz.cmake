# libFuzzer targets: fuzz/<name>_fuzz.cpp, built with clang (presets `asan`,
# which CI uses, and `fuzz`, for long local runs without the tests).
file(GLOB fuzz_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/*_fuzz.cpp)
foreach(src ${fuzz_srcs})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE voxgate_telephony voxgate_realtime voxgate_live voxgate_call voxgate_audio)
  if(name STREQUAL "http_routes_fuzz")  # the real routes: server, API, store, metrics
    target_link_libraries(${name} PRIVATE voxgate_server voxgate_store voxgate_obs voxgate_net)
  endif()
  # Compiled like everything else in the preset (-fsanitize=fuzzer-no-link
  # instruments the same way, and keeps the shared precompiled header valid:
  # clang rejects a PCH built with other -fsanitize flags); the link adds
  # libFuzzer's main.
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  voxgate_warnings(${name})
endforeach()
