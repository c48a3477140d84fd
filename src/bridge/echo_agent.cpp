#include "bridge/echo_agent.hpp"

#include <type_traits>
#include <variant>

namespace voxgate::bridge {

std::shared_ptr<EchoAgent> EchoAgent::start(std::shared_ptr<net::WsConnection> conn,
                                            std::unique_ptr<telephony::CallerCodec> codec,
                                            EchoOptions opts) {
  auto agent = std::make_shared<EchoAgent>(conn, std::move(codec), std::move(opts));
  // The handlers own the agent; the connection drops them after on_close.
  conn->on_binary([agent](std::string_view data) { agent->on_frame(data, true); });
  conn->start({[agent](std::string_view text) { agent->on_frame(text, false); },
               [agent](const net::CloseInfo&) { agent->end(); }});
  return agent;
}

EchoAgent::Handler EchoAgent::handler(EchoOptions opts) {
  return [opts](std::shared_ptr<net::WsConnection> conn,
                std::unique_ptr<telephony::CallerCodec> codec) {
    start(std::move(conn), std::move(codec), opts);
  };
}

EchoAgent::EchoAgent(std::shared_ptr<net::WsConnection> conn,
                     std::unique_ptr<telephony::CallerCodec> codec, EchoOptions opts)
    : conn_(std::move(conn)),
      codec_(std::move(codec)),
      opts_(std::move(opts)),
      timer_(conn_->get_executor()) {}

void EchoAgent::on_frame(std::string_view frame, bool binary) {
  if (ended_) return;
  auto in = binary ? codec_->parse_binary(frame) : codec_->parse(frame);
  if (!in) {
    ++stats_.bad_messages;
    return;
  }
  on_event(*in);
  while (!ended_) {
    auto more = codec_->next();
    if (!more) break;
    on_event(*more);
  }
}

void EchoAgent::on_event(telephony::CallerEvent& event) {
  std::visit(
      [this](auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, telephony::CallerStarted>) {
          if (stats_.stream_sid.empty()) stats_.stream_sid = e.stream_id;
          stats_.call_sid = e.call_id;
        } else if constexpr (std::is_same_v<E, telephony::CallerMedia>) {
          on_media(std::move(e.payload_b64));
        } else if constexpr (std::is_same_v<E, telephony::CallerPlayed>) {
          if (e.mark.rfind("echo-", 0) == 0) ++stats_.marks_echoed;
        } else if constexpr (std::is_same_v<E, telephony::CallerStop>) {
          end();
          conn_->close(1000, "stream stopped");
        }
      },
      event);
}

void EchoAgent::on_media(std::string payload) {
  ++stats_.media_in;
  if (pending_.size() >= opts_.max_pending) {
    ++stats_.dropped;
    return;
  }
  pending_.push_back({std::chrono::steady_clock::now() + opts_.delay, std::move(payload)});
  if (pending_.size() == 1) arm_timer();
}

void EchoAgent::arm_timer() {
  timer_.expires_at(pending_.front().due);
  timer_.async_wait(
      [self = shared_from_this()](boost::system::error_code ec) { self->on_timer(ec); });
}

void EchoAgent::on_timer(boost::system::error_code ec) {
  if (ec || ended_) return;
  const auto now = std::chrono::steady_clock::now();
  while (!pending_.empty() && pending_.front().due <= now) {
    const std::string name = "echo-" + std::to_string(stats_.marks_sent + 1);
    auto frame = codec_->play(pending_.front().payload);
    const bool sent = codec_->traits().binary_frames ? conn_->send_binary(std::move(frame))
                                                     : conn_->send(std::move(frame));
    if (!sent) {
      ++stats_.dropped;
    } else {
      ++stats_.media_out;
      if (conn_->send(codec_->mark(name))) ++stats_.marks_sent;
    }
    pending_.pop_front();
  }
  if (!pending_.empty()) arm_timer();
}

void EchoAgent::end() {
  if (ended_) return;
  ended_ = true;
  timer_.cancel();
  pending_.clear();
  if (opts_.on_end) opts_.on_end(stats_);
}

}  // namespace voxgate::bridge
