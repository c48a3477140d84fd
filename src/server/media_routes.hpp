#pragma once
// Which carrier dialect a media-stream path speaks: one line per route, so a
// new carrier is its folder under telephony/ plus one line in
// media_routes.cpp. Constant table; safe on any thread.

#include <span>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::server {

struct MediaRoute {
  std::string_view path;
  std::string_view carrier;  // stamped on the stream's start (one codec serves two carriers)
  telephony::CallerCodecFactory make_codec;
};

std::span<const MediaRoute> media_routes();
// The route serving `path`; nullptr when none does.
const MediaRoute* media_route(std::string_view path);

}  // namespace voxgate::server
