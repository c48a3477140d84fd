#include "server/route_codec.hpp"

#include <string>

#include "net/router.hpp"

namespace voxgate::server {
namespace {

using telephony::BadMessage;
using telephony::CallerEvent;

class RouteCodec final : public telephony::CallerCodec {
 public:
  RouteCodec(std::unique_ptr<telephony::CallerCodec> inner, std::string carrier, std::string token)
      : inner_(std::move(inner)), carrier_(std::move(carrier)), token_(std::move(token)) {}

  const telephony::CallerLegTraits& traits() const override { return inner_->traits(); }
  common::Result<CallerEvent, BadMessage> parse(std::string_view frame) override {
    return fill(inner_->parse(frame));
  }
  common::Result<CallerEvent, BadMessage> parse_binary(std::string_view frame) override {
    return fill(inner_->parse_binary(frame));
  }
  std::optional<CallerEvent> next() override {
    auto e = inner_->next();
    if (e) fill(*e);
    return e;
  }
  std::string play(std::string_view payload_b64) const override {
    return inner_->play(payload_b64);
  }
  std::string mark(std::string_view name) const override { return inner_->mark(name); }
  std::string clear() const override { return inner_->clear(); }
  std::optional<std::string> hang_up() const override { return inner_->hang_up(); }
  bool use_call_format(const telephony::AudioFormat& wire,
                       const telephony::AudioFormat& call) override {
    return inner_->use_call_format(wire, call);
  }

 private:
  void fill(CallerEvent& e) const {
    auto* s = std::get_if<telephony::CallerStarted>(&e);
    if (!s) return;
    s->carrier = carrier_;
    if (s->stream_token.empty()) s->stream_token = token_;
  }
  common::Result<CallerEvent, BadMessage> fill(common::Result<CallerEvent, BadMessage> r) const {
    if (r) fill(*r);
    return r;
  }

  std::unique_ptr<telephony::CallerCodec> inner_;
  const std::string carrier_;
  const std::string token_;
};

std::string url_token(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return {};
  const auto params = net::Router::form_params(target.substr(q + 1));
  if (!params) return {};
  for (const auto& [name, value] : *params) {
    if (name == telephony::kStreamTokenParameter) return value;
  }
  return {};
}

}  // namespace

std::unique_ptr<telephony::CallerCodec> with_route(std::unique_ptr<telephony::CallerCodec> inner,
                                                   std::string_view carrier,
                                                   std::string_view target) {
  return std::make_unique<RouteCodec>(std::move(inner), std::string(carrier), url_token(target));
}

}  // namespace voxgate::server
