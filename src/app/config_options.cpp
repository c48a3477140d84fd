#include "app/config_options.hpp"

#include "config/config_loader.hpp"
#include "obs/log.hpp"

namespace voxgate::app {

void add_config_options(CLI::App& cmd, ConfigArgs& a) {
  config::add_flags(cmd, a);
}

common::Result<config::Config, std::string> load_config(const ConfigArgs& a) {
  auto c = config::load(a, config::process_env());
  if (!c) return common::unexpected(c.error().message);
  return std::move(c).value();
}

bool apply_logging(const config::Config& c) {
  return obs::setup_logging(c.log.format == "json" ? obs::LogFormat::kJson : obs::LogFormat::kText,
                            c.log.level);
}

}  // namespace voxgate::app
