#pragma once
// Test helpers for real loopback sockets: drive an io_context until a
// condition holds (no sleeps), a tiny async HTTP client, and a self-signed
// certificate made with OpenSSL.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

namespace voxgate::net::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

// Run io until pred() holds or `limit` of wall time passes.
inline bool run_until(asio::io_context& io, const std::function<bool()>& pred,
                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
  return true;
}

// One HTTP exchange on a connection of its own: `done` once answered or
// failed (`ok` then says which). Driven by whoever runs io.
struct HttpExchange {
  beast::tcp_stream stream;
  beast::flat_buffer buf;
  bhttp::request<bhttp::string_body> req;
  bhttp::response<bhttp::string_body> res;
  bool done = false, ok = false;
  explicit HttpExchange(asio::io_context& io) : stream(io) {}

  // Writes req and reads the answer into res (a fresh one).
  static void write_then_read(const std::shared_ptr<HttpExchange>& x) {
    x->done = x->ok = false;
    x->res = {};
    bhttp::async_write(x->stream, x->req, [x](beast::error_code ec, std::size_t) {
      if (ec) return void(x->done = true);
      bhttp::async_read(x->stream, x->buf, x->res, [x](beast::error_code ec, std::size_t) {
        x->ok = !ec;
        x->done = true;
      });
    });
  }
};

// Connects to 127.0.0.1:port and sends `req`; the exchange goes on as io runs.
inline std::shared_ptr<HttpExchange> start_http_request(asio::io_context& io, uint16_t port,
                                                        bhttp::request<bhttp::string_body> req) {
  auto st = std::make_shared<HttpExchange>(io);
  st->req = std::move(req);
  st->req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  st->req.prepare_payload();
  st->stream.expires_after(std::chrono::seconds(5));
  st->stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                           [st](beast::error_code ec) {
                             if (ec) return void(st->done = true);
                             HttpExchange::write_then_read(st);
                           });
  return st;
}

// One HTTP request to 127.0.0.1:port, driven on io; empty optional on error.
inline std::optional<bhttp::response<bhttp::string_body>> http_request(
    asio::io_context& io, uint16_t port, bhttp::request<bhttp::string_body> req) {
  auto st = start_http_request(io, port, std::move(req));
  if (!run_until(io, [&] { return st->done; }) || !st->ok) return std::nullopt;
  return st->res;
}

struct CertPair {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed certificate with CN "localhost" and the given SAN.
inline CertPair make_self_signed(const char* san = "DNS:localhost,IP:127.0.0.1") {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, san},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, pkey, EVP_sha256());
  auto to_pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
  };
  CertPair pair;
  pair.cert_pem = to_pem([x](BIO* b) { PEM_write_bio_X509(b, x); });
  pair.key_pem = to_pem(
      [pkey](BIO* b) { PEM_write_bio_PrivateKey(b, pkey, nullptr, nullptr, 0, nullptr, nullptr); });
  X509_free(x);
  EVP_PKEY_free(pkey);
  return pair;
}

inline std::string write_temp_file(const std::string& stem, const std::string& content) {
  auto path =
      std::filesystem::temp_directory_path() / (stem + "_" + std::to_string(::getpid()) + ".pem");
  std::ofstream(path) << content;
  return path.string();
}

}  // namespace voxgate::net::test
