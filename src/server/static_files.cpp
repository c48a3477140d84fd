#include "server/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace voxgate::server {
namespace {

// Each segment must be a plain name: no "..", ".", hidden files or empty parts.
bool allowed(std::string_view rel) {
  while (!rel.empty()) {
    const auto slash = rel.find('/');
    const std::string_view part = rel.substr(0, slash);
    if (part.empty() || part.front() == '.' || part.find('\\') != std::string_view::npos) {
      return false;
    }
    if (slash == std::string_view::npos) break;
    rel.remove_prefix(slash + 1);
  }
  return true;
}

}  // namespace

std::string_view mime_type(std::string_view path) {
  const auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

std::optional<StaticFile> read_static(const std::string& root, std::string_view rel) {
  std::string path(rel);
  if (path.empty() || path.back() == '/') path += "index.html";
  if (!allowed(path)) return std::nullopt;
  const std::filesystem::path full = std::filesystem::path(root) / path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(full, ec)) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  if (!in) return std::nullopt;
  StaticFile f{std::string(mime_type(path)), {}};
  f.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return f;
}

}  // namespace voxgate::server
