# Google Benchmark for the media hot path: bench/micro/*.cpp.
file(GLOB_RECURSE bench_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/bench/micro/*.cpp)
if(bench_srcs)
  add_executable(bench_micro ${bench_srcs})
  target_link_libraries(bench_micro PRIVATE voxgate_telephony voxgate_realtime voxgate_live voxgate_call
                        voxgate_audio benchmark::benchmark_main)
  voxgate_warnings(bench_micro)
endif()

# The local agent under load: bench/local_agent (bench/README.md "Local agent").
add_executable(bench_local_agent ${CMAKE_SOURCE_DIR}/bench/local_agent/local_agent_bench.cpp)
target_link_libraries(bench_local_agent PRIVATE voxgate_agent)
target_compile_definitions(bench_local_agent PRIVATE VOXGATE_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
voxgate_warnings(bench_local_agent)

# The kernel's floor under voxgate's loopback traffic: bench/floor
# (bench/README.md "The loopback floor"). Plain POSIX, no project library.
add_executable(bench_floor ${CMAKE_SOURCE_DIR}/bench/floor/floor_relay.cpp)
target_link_libraries(bench_floor PRIVATE Threads::Threads)
voxgate_warnings(bench_floor)
