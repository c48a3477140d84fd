#pragma once
// Serving files from one folder: a request path mapped to a file under the
// root (no "..", no hidden files), read whole, with its MIME type. Pure but
// for reading the file.

#include <optional>
#include <string>
#include <string_view>

namespace voxgate::server {

struct StaticFile {
  std::string content_type;
  std::string body;
};

// The file at `rel` (a path below root, '/'-separated; "" or ending '/' means
// index.html), or nullopt when it is missing or the path is not allowed.
std::optional<StaticFile> read_static(const std::string& root, std::string_view rel);
std::string_view mime_type(std::string_view path);

}  // namespace voxgate::server
