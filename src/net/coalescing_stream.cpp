#include "net/coalescing_stream.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/defer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/detail/prng.hpp>
#include <cstring>

namespace voxgate::net {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// RFC 6455 5.2 frame header for one unfragmented text message.
std::size_t put_header(char* p, std::size_t len, bool masked) {
  const auto mask_bit = static_cast<unsigned char>(masked ? 0x80 : 0);
  p[0] = static_cast<char>(0x81);  // FIN, opcode 1 (text)
  if (len < 126) {
    p[1] = static_cast<char>(mask_bit | len);
    return 2;
  }
  if (len <= 0xffff) {
    p[1] = static_cast<char>(mask_bit | 126);
    p[2] = static_cast<char>(len >> 8);
    p[3] = static_cast<char>(len & 0xff);
    return 4;
  }
  p[1] = static_cast<char>(mask_bit | 127);
  for (int i = 0; i < 8; ++i) p[2 + i] = static_cast<char>((uint64_t{len} >> (56 - 8 * i)) & 0xff);
  return 10;
}

// XOR with the 4-byte key, a word at a time (RFC 6455 5.3).
void mask_copy(char* dst, const char* src, std::size_t n, uint32_t key) {
  unsigned char k[4];
  std::memcpy(k, &key, 4);
  uint64_t k8 = 0;
  for (int i = 0; i < 8; ++i) k8 |= uint64_t{k[i % 4]} << (8 * i);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, src + i, 8);
    w ^= k8;
    std::memcpy(dst + i, &w, 8);
  }
  for (; i < n; ++i) dst[i] = static_cast<char>(src[i] ^ k[i % 4]);
}

template <typename H>
H take(std::optional<H>& h) {
  H out(std::move(*h));
  h.reset();
  return out;
}

}  // namespace

CoalescingStream::CoalescingStream(CoalescingStream&& other) noexcept
    : next_(std::move(other.next_)), st_(std::move(other.st_)) {
  other.st_ = make_state();
  other.st_->self = &other;
  st_->self = this;
}

CoalescingStream::~CoalescingStream() {
  st_->self = nullptr;
}

bool CoalescingStream::append_text_frame(std::string_view payload) {
  if (st_->error) return false;
  char header[14];
  std::size_t h = put_header(header, payload.size(), st_->client);
  auto& out = st_->out;
  if (!st_->client) {
    out.append(header, h);
    out.append(payload);
  } else {
    // Beast's own mask-key generator (the secure one, as Beast uses by default).
    static thread_local auto prng = boost::beast::websocket::detail::make_prng(true);
    const uint32_t key = prng();
    std::memcpy(header + h, &key, 4);
    h += 4;
    out.append(header, h);
    const std::size_t at = out.size();
    out.resize(at + payload.size());
    mask_copy(out.data() + at, payload.data(), payload.size(), key);
  }
  ++st_->out_frames;
  flush_soon();
  return true;
}

void CoalescingStream::write_some_queued(Handler handler, std::size_t n) {
  if (st_->error) return complete(std::move(handler), get_executor(), st_->error, 0);
  st_->held.emplace(std::move(handler));
  st_->held_bytes = n;
  st_->held_in_flight = false;
  flush_soon();
}

void CoalescingStream::flush_soon() {
  if (st_->flushing || st_->flush_posted) return;
  // The rest of this strand turn may queue more frames (a media message and
  // its mark): they leave together. No timer: the flush runs right after.
  // defer, not post: a continuation of this strand turn runs on this thread
  // without waking another I/O thread (a futex and an epoll wake-up each).
  st_->flush_posted = true;
  asio::defer(get_executor(), [st = st_] {
    st->flush_posted = false;
    if (st->self) st->self->start_flush();
  });
}

void CoalescingStream::start_flush() {
  auto& st = *st_;
  if (st.flushing || st.out.empty() || st.error) return;
  st.flushing = true;
  st.inflight.swap(st.out);
  st.inflight_frames = st.out_frames;
  st.out_frames = 0;
  if (st.held) st.held_in_flight = true;
  asio::async_write(next_, asio::buffer(st.inflight),
                    [st = st_](error_code ec, std::size_t) { on_flushed(st, ec); });
}

void CoalescingStream::on_flushed(const std::shared_ptr<State>& st, error_code ec) {
  st->flushing = false;
  st->inflight.clear();
  if (!ec) st->frames_written += st->inflight_frames;
  st->inflight_frames = 0;
  if (!st->self) return;  // the stream is gone; so is whoever waited on it
  const auto ex = st->self->get_executor();
  if (ec) {
    st->error = ec;
    st->out.clear();
    st->out_frames = 0;
    if (st->held) complete(take(st->held), ex, ec, 0);
    return;
  }
  if (st->held && st->held_in_flight) {
    st->held_in_flight = false;
    complete(take(st->held), ex, {}, st->held_bytes);
  }
  if (!st->out.empty()) st->self->start_flush();
}

void CoalescingStream::complete(Handler h, executor_type ex, error_code ec, std::size_t n) {
  // On the connection's strand, where Beast's operations run; never inline
  // (an initiating function must not complete its handler).
  asio::defer(ex, [h = std::move(h), ec, n]() mutable { std::move(h)(ec, n); });
}

void teardown(boost::beast::role_type role, CoalescingStream& stream, error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer().socket(), ec);
}

}  // namespace voxgate::net
