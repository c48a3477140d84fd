# Google Benchmark for the media hot path: bench/micro/*.cpp.
file(GLOB_RECURSE bench_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/bench/micro/*.cpp)
if(bench_srcs)
  add_executable(bench_micro ${bench_srcs})
  target_link_libraries(bench_micro PRIVATE voxgate_telephony voxgate_realtime voxgate_call
                        voxgate_audio benchmark::benchmark_main)
  voxgate_warnings(bench_micro)
endif()
